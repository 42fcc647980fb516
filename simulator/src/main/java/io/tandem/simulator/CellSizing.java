package io.tandem.simulator;

/**
 * A simulated cell's shared resources: as given, or scaled with its devices, so that a larger cell
 * is neither starved nor idle by default.
 *
 * @param ingressBps the cell's total uplink capacity into the edge
 * @param edgeFlops effective speed of the whole edge on tail slices
 */
public record CellSizing(double ingressBps, double edgeFlops) {

    /** Ingress per device when none is given, Mbit/s. */
    public static final double INGRESS_MBPS_PER_DEVICE = 2.0;

    /** Edge speed per device when none is given, GFLOP/s. */
    public static final double EDGE_GFLOPS_PER_DEVICE = 0.3;

    /**
     * The given ingress (Mbit/s) and edge speed (GFLOP/s), each null for the per-device default.
     * Scaled from those units last, as the command line always did, so equal options give equal
     * bits.
     */
    public static CellSizing of(int devices, Double ingressMbps, Double edgeGflops) {
        double mbps = ingressMbps != null ? ingressMbps : INGRESS_MBPS_PER_DEVICE * devices;
        double gflops = edgeGflops != null ? edgeGflops : EDGE_GFLOPS_PER_DEVICE * devices;
        return new CellSizing(mbps * 1e6, gflops * 1e9);
    }

    /** The per-device defaults for {@code devices} devices. */
    public static CellSizing perDevice(int devices) {
        return of(devices, null, null);
    }
}
