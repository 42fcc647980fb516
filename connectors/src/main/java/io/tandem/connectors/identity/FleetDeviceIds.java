package io.tandem.connectors.identity;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The ids an emulated fleet gives its devices ({@code dev-000}, {@code dev-001}, ...): what the
 * fleet runs as, and what a broker or a Kubernetes cluster enrols in advance.
 */
public final class FleetDeviceIds {

    private FleetDeviceIds() {}

    /** The id of the fleet's {@code i}-th device. */
    public static String of(int i) {
        return String.format("dev-%03d", i);
    }

    /** The ids of a fleet of {@code devices}, in order. */
    public static List<String> first(int devices) {
        return IntStream.range(0, devices).mapToObj(FleetDeviceIds::of).toList();
    }
}
