package io.tandem.traces;

import java.util.Optional;
import java.util.regex.Pattern;

/** The trace file formats Tandem reads, told apart by their first line. */
public enum TraceFormat {
    /**
     * mahimahi: one millisecond timestamp per line, each a chance to deliver one 1500-byte packet.
     */
    MAHIMAHI,
    /** Two whitespace-separated columns, seconds and Mbit/s (the Pensieve "cooked" format). */
    TIME_MBPS,
    /** CSV without header, {@code second,bytesPerSecond}, one row per second. */
    SECOND_BYTES_CSV,
    /**
     * CSV with a header naming {@code Time} and {@code RATE(MBit/s)} (modem uplink logs, one row
     * every few seconds).
     */
    TIME_RATE_CSV;

    private static final Pattern INTEGER = Pattern.compile("\\d+");
    private static final Pattern TWO_INTEGERS_CSV = Pattern.compile("\\d+,\\d+");
    private static final Pattern TWO_NUMBERS = Pattern.compile("[-+0-9.eE]+\\s+[-+0-9.eE]+");

    /** The format whose first line looks like {@code firstLine}, if any. */
    public static Optional<TraceFormat> detect(String firstLine) {
        String line = firstLine.strip();
        if (line.startsWith("Time,") && line.contains("RATE(MBit/s)")) {
            return Optional.of(TIME_RATE_CSV);
        }
        if (INTEGER.matcher(line).matches()) {
            return Optional.of(MAHIMAHI);
        }
        if (TWO_INTEGERS_CSV.matcher(line).matches()) {
            return Optional.of(SECOND_BYTES_CSV);
        }
        if (TWO_NUMBERS.matcher(line).matches()) {
            return Optional.of(TIME_MBPS);
        }
        return Optional.empty();
    }
}
