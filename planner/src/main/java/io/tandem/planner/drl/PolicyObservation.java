package io.tandem.planner.drl;

import io.tandem.planner.cost.CostModel;
import io.tandem.planner.cost.DeviceContext;
import io.tandem.planner.cost.SplitOption;
import io.tandem.planner.cost.TaskWeights;
import io.tandem.planner.solve.Problem;
import java.util.List;

/**
 * What the learned policy sees of a cell: per device a few scale-free features, and per device and
 * split option the features of that option, padded to the cell's largest option count with a mask.
 * Everything is relative (to the deadline, the fair share of the ingress, the edge), so one policy
 * serves the zoo's 20 ms frames and the ImageNet family's seconds-long ones. The training
 * environment and the served policy both encode through here, so they cannot drift apart.
 *
 * @param ids device ids, in the problem's order
 * @param width options per device after padding
 * @param device {@code devices x DEVICE_FEATURES}, row-major
 * @param options {@code devices x width x OPTION_FEATURES}, row-major
 * @param mask {@code devices x width}: 1 for a real option that can keep up with the device's
 *     frames on its whole link and the whole edge, 0 for padding and for options that cannot
 *     (unless none can: then every real option is 1)
 */
public record PolicyObservation(
        List<String> ids, int width, float[] device, float[] options, float[] mask) {

    /** Bumped whenever the encoding changes; a policy trained on another version is refused. */
    public static final int FEATURES_VERSION = 1;

    public static final int DEVICE_FEATURES = 8;
    public static final int OPTION_FEATURES = 12;

    /** Costs beyond this are all "hopeless" to the policy (and infinite ones too). */
    private static final double COST_CAP = 50;

    public int devices() {
        return ids.size();
    }

    public static PolicyObservation of(Problem problem) {
        List<Problem.Device> devices = problem.devices();
        int n = devices.size();
        int width = devices.stream().mapToInt(d -> d.options().size()).max().orElse(1);
        float[] device = new float[n * DEVICE_FEATURES];
        float[] options = new float[n * width * OPTION_FEATURES];
        float[] mask = new float[n * width];
        double fairBandwidth = problem.ingressBps() / n;
        for (int i = 0; i < n; i++) {
            Problem.Device d = devices.get(i);
            DeviceContext c = d.context();
            double deadline = c.deadlineSeconds();
            TaskWeights w = c.weights();
            int at = i * DEVICE_FEATURES;
            device[at] = clip(Math.log(c.uplinkCapacityBps() / fairBandwidth), -5, 5);
            device[at + 1] = clip(c.rttSeconds() / deadline, 0, 5);
            device[at + 2] = clip(Math.log(c.frameRateHz() * deadline), -5, 5);
            device[at + 3] = (float) w.accuracyWeight();
            device[at + 4] = (float) w.latencyWeight();
            device[at + 5] = (float) (w.deadlinePenalty() / 2);
            device[at + 6] = (float) (Math.log(n) / 5);
            device[at + 7] = clip(Math.log(deadline), -5, 5);
            double bandwidth = Math.min(fairBandwidth, c.uplinkCapacityBps());
            double compute = 1.0 / n;
            double wholeLink = Math.min(c.uplinkCapacityBps(), problem.ingressBps());
            boolean anyKeepsUp = false;
            for (int k = 0; k < d.options().size(); k++) {
                SplitOption o = d.options().get(k);
                encode(o, c, bandwidth, compute, options, (i * width + k) * OPTION_FEATURES);
                boolean keepsUp = keepsUp(o, c, wholeLink);
                mask[i * width + k] = keepsUp ? 1 : 0;
                anyKeepsUp |= keepsUp;
            }
            if (!anyKeepsUp) { // nothing keeps up: every option stays open, the costs rank them
                for (int k = 0; k < d.options().size(); k++) {
                    mask[i * width + k] = 1;
                }
            }
        }
        return new PolicyObservation(
                devices.stream().map(Problem.Device::id).toList(), width, device, options, mask);
    }

    /**
     * Whether an option keeps up with the device's frames given its whole link and the whole edge:
     * one that cannot even then has an unbounded queue under any shares, so the policy never picks
     * it (invalid-action masking), as the solvers never do.
     */
    private static boolean keepsUp(SplitOption o, DeviceContext c, double wholeLink) {
        return Double.isFinite(CostModel.cost(o, c, wholeLink, o.deviceOnly() ? 0 : 1));
    }

    private static void encode(
            SplitOption o,
            DeviceContext c,
            double fairBandwidth,
            double equalCompute,
            float[] out,
            int at) {
        double deadline = c.deadlineSeconds();
        double rate = c.frameRateHz();
        double bits = 8 * o.bytesPerFrame();
        double fairTransfer = bits / fairBandwidth;
        double edgeAtEqualShare = o.tailEdgeSeconds() / equalCompute;
        out[at] = logScaled(o.headSeconds() / deadline);
        out[at + 1] = clip(rate * o.headSeconds(), 0, 2);
        out[at + 2] = logScaled(fairTransfer / deadline);
        out[at + 3] = clip(rate * fairTransfer, 0, 2);
        out[at + 4] = logScaled(bits / c.uplinkCapacityBps() / deadline);
        out[at + 5] = logScaled(edgeAtEqualShare / deadline);
        out[at + 6] = clip(rate * edgeAtEqualShare, 0, 2);
        out[at + 7] = (float) o.accuracy();
        out[at + 8] = o.deviceOnly() ? 1 : 0;
        out[at + 9] = cost(CostModel.cost(o, c, fairBandwidth, o.deviceOnly() ? 0 : equalCompute));
        out[at + 10] = cost(CostModel.cost(o, c, c.uplinkCapacityBps(), 1));
        out[at + 11] = clip(rate * o.tailEdgeSeconds(), 0, 2);
    }

    private static float cost(double cost) {
        return (float) Math.log1p(Double.isFinite(cost) ? Math.min(cost, COST_CAP) : COST_CAP);
    }

    private static float logScaled(double x) {
        return (float) Math.log1p(Math.min(Math.max(x, 0), 1e4));
    }

    private static float clip(double x, double lo, double hi) {
        return (float) Math.min(hi, Math.max(lo, x));
    }
}
