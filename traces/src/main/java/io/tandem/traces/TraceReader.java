package io.tandem.traces;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Reads bandwidth traces in any {@link TraceFormat}, one file or a whole folder. */
public final class TraceReader {

    /** mahimahi delivery opportunities are counted in bins of this many milliseconds. */
    static final int MAHIMAHI_BIN_MS = 100;

    private static final double MAHIMAHI_PACKET_BITS = 1500 * 8;
    private static final DateTimeFormatter MODEM_TIME =
            DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss zzz yyyy", Locale.ENGLISH);

    /** The traces of a folder, and the files in it that are not traces. */
    public record Folder(List<BandwidthTrace> traces, List<Path> skipped) {}

    private TraceReader() {}

    /**
     * Every trace under {@code dir} (recursively, in path order); files of no known format are
     * listed as skipped.
     */
    public static Folder readFolder(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new TraceFormatException("not a folder of traces: " + dir);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        List<BandwidthTrace> traces = new ArrayList<>();
        List<Path> skipped = new ArrayList<>();
        for (Path file : files) {
            String first = firstLine(file);
            var format = TraceFormat.detect(first);
            if (format.isEmpty()) {
                skipped.add(file);
            } else {
                traces.add(read(file, format.get(), dir.relativize(file).toString()));
            }
        }
        if (traces.isEmpty()) {
            throw new TraceFormatException("no trace files in " + dir);
        }
        return new Folder(traces, skipped);
    }

    /** One trace file, its format detected from its first line. */
    public static BandwidthTrace read(Path file) {
        TraceFormat format =
                TraceFormat.detect(firstLine(file))
                        .orElseThrow(
                                () ->
                                        new TraceFormatException(
                                                file + ": not a trace in any known format"));
        return read(file, format, file.getFileName().toString());
    }

    static BandwidthTrace read(Path file, TraceFormat format, String name) {
        List<String> lines = lines(file);
        return switch (format) {
            case MAHIMAHI -> mahimahi(file, name, lines);
            case TIME_MBPS -> twoColumns(file, name, lines, "\\s+", 1e6, "seconds Mbit/s");
            case SECOND_BYTES_CSV -> twoColumns(file, name, lines, ",", 8, "second,bytesPerSecond");
            case TIME_RATE_CSV -> timeRate(file, name, lines);
        };
    }

    private static BandwidthTrace mahimahi(Path file, String name, List<String> lines) {
        long[] stamps = new long[lines.size()];
        int n = 0;
        long previous = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            long ms = parseLong(file, i, line);
            if (ms < previous) {
                throw new TraceFormatException(
                        file + ":" + (i + 1) + ": timestamps must not decrease");
            }
            stamps[n++] = previous = ms;
        }
        if (n == 0 || previous == 0) {
            throw new TraceFormatException(file + ": a mahimahi trace needs timestamps past 0 ms");
        }
        int bins = (int) ((previous + MAHIMAHI_BIN_MS - 1) / MAHIMAHI_BIN_MS);
        double[] counts = new double[bins];
        for (int i = 0; i < n; i++) {
            counts[(int) Math.min(bins - 1, stamps[i] / MAHIMAHI_BIN_MS)]++;
        }
        double[] ends = new double[bins];
        double[] bps = new double[bins];
        for (int b = 0; b < bins; b++) {
            double start = b * MAHIMAHI_BIN_MS / 1000.0;
            ends[b] = Math.min((b + 1) * MAHIMAHI_BIN_MS, previous) / 1000.0;
            bps[b] = counts[b] * MAHIMAHI_PACKET_BITS / (ends[b] - start);
        }
        return new BandwidthTrace(name, ends, bps);
    }

    /**
     * Rows of {@code time<separator>value}; the value times {@code toBps} is the rate over the
     * interval ending at the time.
     */
    private static BandwidthTrace twoColumns(
            Path file,
            String name,
            List<String> lines,
            String separator,
            double toBps,
            String expected) {
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split(separator);
            if (parts.length != 2) {
                throw new TraceFormatException(
                        file + ":" + (i + 1) + ": expected '" + expected + "'");
            }
            rows.add(
                    new double[] {
                        parseDouble(file, i, parts[0]), parseDouble(file, i, parts[1]) * toBps
                    });
        }
        return samples(file, name, rows);
    }

    private static BandwidthTrace timeRate(Path file, String name, List<String> lines) {
        String[] header = lines.get(0).split(",");
        int time = column(file, header, "Time");
        int rate = column(file, header, "RATE(MBit/s)");
        List<double[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split(",");
            if (parts.length <= Math.max(time, rate)) {
                throw new TraceFormatException(
                        file + ":" + (i + 1) + ": expected " + header.length + " columns");
            }
            double seconds;
            try {
                seconds =
                        ZonedDateTime.parse(parts[time].strip().replaceAll("\\s+", " "), MODEM_TIME)
                                .toEpochSecond();
            } catch (DateTimeParseException e) {
                throw new TraceFormatException(
                        file + ":" + (i + 1) + ": unreadable time '" + parts[time] + "'");
            }
            rows.add(new double[] {seconds, parseDouble(file, i, parts[rate]) * 1e6});
        }
        return samples(file, name, rows);
    }

    private static BandwidthTrace samples(Path file, String name, List<double[]> rows) {
        double[] times = new double[rows.size()];
        double[] bps = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            times[i] = rows.get(i)[0];
            bps[i] = rows.get(i)[1];
            if (i > 0 && !(times[i] > times[i - 1])) {
                throw new TraceFormatException(
                        file + ": sample " + (i + 1) + " does not come after the one before it");
            }
            if (!(bps[i] >= 0) || !Double.isFinite(bps[i])) {
                throw new TraceFormatException(
                        file + ": sample " + (i + 1) + " has a negative or non-finite rate");
            }
        }
        return StepSamples.toTrace(name, times, bps);
    }

    private static int column(Path file, String[] header, String name) {
        for (int i = 0; i < header.length; i++) {
            if (header[i].strip().equals(name)) {
                return i;
            }
        }
        throw new TraceFormatException(file + ": no column '" + name + "' in the header");
    }

    private static long parseLong(Path file, int index, String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new TraceFormatException(
                    file + ":" + (index + 1) + ": not an integer: '" + text + "'");
        }
    }

    private static double parseDouble(Path file, int index, String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new TraceFormatException(
                    file + ":" + (index + 1) + ": not a number: '" + text + "'");
        }
    }

    private static String firstLine(Path file) {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
            return lines.filter(l -> !l.isBlank()).findFirst().orElse("");
        } catch (IOException | UncheckedIOException e) {
            throw new TraceFormatException(file + ": unreadable: " + e.getMessage());
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new TraceFormatException(file + ": unreadable: " + e.getMessage());
        }
    }
}
