package io.tandem.planner.split;

import io.tandem.planner.profile.ScissionProfile;

/**
 * The best split of one DNN between one device and one edge over a static link, latency only (the
 * setting of Neurosurgeon and Scission). Exhaustive over the n + 1 partition points, so it is the
 * true optimum of the model: latency(k) = device seconds of blocks [0, k) + (k < n ? ping +
 * bytes(k) / bandwidth + edge seconds of blocks [k, n) : 0), bytes(0) = the input size.
 */
public final class SingleDeviceSplit {

    /** k = leading blocks on the device (0 = all on the edge, n = all on the device). */
    public record Choice(int deviceBlocks, double latencySeconds, double[] latencyByPartition) {}

    private SingleDeviceSplit() {}

    public static Choice best(
            ScissionProfile profile, String device, String edge, LinkSpec link, long inputBytes) {
        int n = profile.blockCount();
        double[] deviceSeconds = new double[n];
        double[] edgeSeconds = new double[n];
        for (int i = 0; i < n; i++) {
            deviceSeconds[i] = profile.seconds(i, device);
            edgeSeconds[i] = profile.seconds(i, edge);
        }
        double[] latency = new double[n + 1];
        int best = 0;
        for (int k = 0; k <= n; k++) {
            // Summed afresh for every k (n is small): no drift from running sums, so ties stay
            // ties.
            double onDevice = 0;
            for (int i = 0; i < k; i++) {
                onDevice += deviceSeconds[i];
            }
            double onEdge = 0;
            for (int i = k; i < n; i++) {
                onEdge += edgeSeconds[i];
            }
            if (k == n) {
                latency[k] = onDevice;
            } else {
                long bytes = k == 0 ? inputBytes : profile.blocks().get(k - 1).outputBytes();
                latency[k] =
                        onDevice + link.rttMs() / 1000.0 + bytes / link.bytesPerSecond() + onEdge;
            }
            if (latency[k] < latency[best]) {
                best = k;
            }
        }
        return new Choice(best, latency[best], latency);
    }
}
