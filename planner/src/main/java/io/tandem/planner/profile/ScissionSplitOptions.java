package io.tandem.planner.profile;

import io.tandem.planner.cost.SplitOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Split options from a Scission profile: one per partition point k (the first k blocks on the
 * device), float32 features as Scission sends them. Head times are the device platform's
 * measurements over {@code deviceSpeedup}; tail times the edge platform's over {@code edgeUnits}
 * (how many such platforms the edge is worth). Scission profiles carry no accuracy, so every option
 * gets the same one and only latency is traded.
 */
public final class ScissionSplitOptions {

    /** Bytes of the result a device-only split sends (class scores), as for the zoo's models. */
    static final double RESULT_BYTES = 40;

    private ScissionSplitOptions() {}

    public static List<SplitOption> of(
            ScissionProfile profile,
            String devicePlatform,
            double deviceSpeedup,
            String edgePlatform,
            double edgeUnits,
            double accuracy) {
        return of(
                profile,
                profile.model(),
                devicePlatform,
                deviceSpeedup,
                edgePlatform,
                edgeUnits,
                accuracy);
    }

    /** As above, the options named {@code version} (a family's id for this profile). */
    public static List<SplitOption> of(
            ScissionProfile profile,
            String version,
            String devicePlatform,
            double deviceSpeedup,
            String edgePlatform,
            double edgeUnits,
            double accuracy) {
        if (!(deviceSpeedup > 0) || !(edgeUnits > 0)) {
            throw new IllegalArgumentException("speed factors must be positive");
        }
        int n = profile.blockCount();
        List<SplitOption> options = new ArrayList<>(n + 1);
        for (int k = 0; k <= n; k++) {
            double head = 0;
            for (int b = 0; b < k; b++) {
                head += profile.seconds(b, devicePlatform);
            }
            double tail = 0;
            for (int b = k; b < n; b++) {
                tail += profile.seconds(b, edgePlatform);
            }
            double bytes =
                    k == 0
                            ? profile.inputBytesDefault()
                            : k == n ? RESULT_BYTES : profile.blocks().get(k - 1).outputBytes();
            options.add(
                    new SplitOption(
                            version,
                            k,
                            "float32",
                            head / deviceSpeedup,
                            tail / edgeUnits,
                            bytes,
                            accuracy));
        }
        return options;
    }
}
