package io.tandem.cli.commands;

import io.tandem.schema.Contract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./tandem schemas}: the contract's records as self-contained Avro schemas, for writers of
 * third-party devices and for releasing a new schema version into the history.
 */
@Command(
        name = "schemas",
        mixinStandardHelpOptions = true,
        description = "Prints or exports the Avro contract.",
        subcommands = {SchemasCommand.Show.class, SchemasCommand.Export.class})
public final class SchemasCommand implements Runnable {

    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static Schema schemaOf(String name) {
        for (Class<? extends SpecificRecord> type : Contract.RECORDS) {
            if (type.getSimpleName().equalsIgnoreCase(name)) {
                return SpecificData.get().getSchema(type);
            }
        }
        throw new IllegalArgumentException(
                "no record '"
                        + name
                        + "'; known: "
                        + Contract.RECORDS.stream().map(Class::getSimpleName).toList());
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "Prints one record's schema, with every named type inlined.")
    static final class Show implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(
                paramLabel = "RECORD",
                description =
                        "FeatureFrame, Telemetry, Plan, InferenceResult, MonitorEvent or"
                                + " DeadLetter.")
        String record;

        @Override
        public Integer call() {
            spec.commandLine().getOut().println(schemaOf(record).toString(true));
            return 0;
        }
    }

    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            description = "Writes every record's self-contained schema to DIR/<Record>.avsc.")
    static final class Export implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "Directory to write to; created if missing.")
        Path dir;

        @Override
        public Integer call() throws IOException {
            Files.createDirectories(dir);
            for (Class<? extends SpecificRecord> type : Contract.RECORDS) {
                Path file = dir.resolve(type.getSimpleName() + ".avsc");
                Files.writeString(file, SpecificData.get().getSchema(type).toString(true) + "\n");
                spec.commandLine().getOut().println(file);
            }
            return 0;
        }
    }
}
