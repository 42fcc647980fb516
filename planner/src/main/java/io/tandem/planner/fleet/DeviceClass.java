package io.tandem.planner.fleet;

import java.util.List;
import java.util.Locale;

/**
 * A kind of device by its effective speed on head slices (FLOP/s, counting a multiply-add as 2).
 * {@code rpi4} is calibrated on Scission's Raspberry Pi 4 measurements (ResNet-50, 4.1 GMAC in 0.96
 * s: 8.5 GFLOP/s); the others are scaled from it by their cores and clocks (see docs/planner.md,
 * "Device classes").
 */
public record DeviceClass(String name, double flopsPerSecond) {

    /** A Cortex-M7 class microcontroller running an int8 CNN kernel library. */
    public static final DeviceClass MCU = new DeviceClass("mcu", 0.3e9);

    /** A Raspberry Pi Zero 2 W: four Cortex-A53 at 1 GHz, about a quarter of a Pi 4. */
    public static final DeviceClass PI_ZERO = new DeviceClass("rpi-zero", 2.1e9);

    /** A Raspberry Pi 4 (Scission's measurements). */
    public static final DeviceClass RPI4 = new DeviceClass("rpi4", 8.5e9);

    public static final List<DeviceClass> BUILT_IN = List.of(MCU, PI_ZERO, RPI4);

    public DeviceClass {
        if (!(flopsPerSecond > 0)) {
            throw new IllegalArgumentException("device class " + name + " needs a positive speed");
        }
    }

    public static DeviceClass byName(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return BUILT_IN.stream()
                .filter(c -> c.name.equals(wanted))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "unknown device class '"
                                                + name
                                                + "'; known: "
                                                + BUILT_IN.stream()
                                                        .map(DeviceClass::name)
                                                        .toList()));
    }
}
