package io.tandem.cli.commands;

import io.tandem.planner.profile.ScissionProfile;
import io.tandem.planner.split.LinkSpec;
import io.tandem.planner.split.SingleDeviceSplit;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./tandem split}: the latency-optimal split of one model for one device, edge and static
 * link.
 */
@Command(
        name = "split",
        mixinStandardHelpOptions = true,
        description = {
            "Finds the latency-optimal split of one DNN between a device and an edge over a static"
                    + " link.",
            "",
            "Scission's model, exhaustive over every partition point. Prints latency per partition,"
                    + " then a last",
            "line of JSON: {\"device_blocks\": k, \"latency_s\": t}, k = leading blocks on the"
                    + " device (0 = all on the edge)."
        })
public final class SplitCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = "--profile",
            required = true,
            paramLabel = "FILE",
            description = "Per-block profile in Scission's JSON format.")
    Path profile;

    @Option(
            names = "--device",
            required = true,
            paramLabel = "NAME",
            description = "Device platform in the profile, e.g. raspi4.")
    String device;

    @Option(
            names = "--edge",
            required = true,
            paramLabel = "NAME",
            description = "Edge platform in the profile, e.g. 2500.")
    String edge;

    @Option(
            names = "--bandwidth-mbps",
            required = true,
            paramLabel = "X",
            description = "Uplink bandwidth, Mbit/s.")
    double bandwidthMbps;

    @Option(
            names = "--rtt-ms",
            required = true,
            paramLabel = "Y",
            description = "Ping (round trip), milliseconds.")
    double rttMs;

    @Option(
            names = "--input-bytes",
            paramLabel = "N",
            description = "Bytes sent when everything runs on the edge (default: the profile's).")
    Long inputBytes;

    @Override
    public Integer call() {
        ScissionProfile p = ScissionProfile.read(profile);
        SingleDeviceSplit.Choice choice =
                SingleDeviceSplit.best(
                        p,
                        device,
                        edge,
                        new LinkSpec(bandwidthMbps, rttMs),
                        inputBytes == null ? p.inputBytesDefault() : inputBytes);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "%s: %s -> %s over %.3f Mbit/s, %.1f ms%n",
                p.model(), device, edge, bandwidthMbps, rttMs);
        for (int k = 0; k < choice.latencyByPartition().length; k++) {
            out.printf(
                    Locale.ROOT,
                    "  device_blocks %3d  latency %9.4f s%s%n",
                    k,
                    choice.latencyByPartition()[k],
                    k == choice.deviceBlocks() ? "  <- best" : "");
        }
        out.printf(
                Locale.ROOT,
                "{\"device_blocks\": %d, \"latency_s\": %.6f}%n",
                choice.deviceBlocks(),
                choice.latencySeconds());
        return 0;
    }
}
