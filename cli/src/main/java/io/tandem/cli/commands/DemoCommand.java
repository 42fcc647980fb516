package io.tandem.cli.commands;

import java.time.Duration;
import java.util.concurrent.Callable;

import io.tandem.cli.options.LocalBrokerOptions;
import io.tandem.connectors.topics.TopicCatalogue;
import io.tandem.kafka.local.LocalKafkaBroker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ./tandem demo}: the whole system on one machine. Today it brings up the embedded
 * broker and Tandem's topics; the edge job, the planner and the device fleet join it as they land.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs Tandem on one machine, on embedded defaults.", "",
                "Today: a local KRaft broker (or --bootstrap) and Tandem's topics.",
                "The edge job, planner and emulated device fleet are not built yet; the command says what is coming."})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LocalBrokerOptions broker;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Use this Kafka cluster instead of starting an embedded broker.")
    String bootstrap;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "20",
            description = "Run for this many seconds, then stop (default ${DEFAULT-VALUE}; 0 runs until Ctrl-C).")
    long durationSeconds;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        LocalKafkaBroker embedded = bootstrap == null ? LocalKafkaBroker.start(broker.settings()) : null;
        String servers = embedded == null ? bootstrap : embedded.bootstrapServers();
        StopSignal stop = StopSignal.install(() -> {
            if (embedded != null) {
                embedded.close();
            }
        });
        try {
            out.println("Kafka: " + servers + (embedded == null ? " (external)" : " (embedded KRaft broker)"));
            out.println("topics:");
            TopicSetup.ensure(servers, TopicCatalogue.standard(), (short) 1, out);
            out.println();
            out.println("Running now: the broker and the topic catalogue.");
            out.println("Not built yet: the edge tail-inference job and the planner on a Flink MiniCluster,");
            out.println("the emulated device fleet on real bandwidth traces, and the live dashboard.");
            out.println(durationSeconds > 0 ? "Stopping in " + durationSeconds + " s (Ctrl-C stops sooner)." : "Ctrl-C stops it.");
            out.flush();
        } catch (RuntimeException e) {
            stop.stopNow();
            throw e;
        }
        stop.awaitThenStop(Duration.ofSeconds(durationSeconds));
        out.println("demo stopped; nothing left running.");
        return 0;
    }
}
