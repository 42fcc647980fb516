package io.tandem.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceReaderTest {

    @TempDir Path dir;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    @Test
    void mahimahiCountsPacketsPerBinAndLoopsAtTheLastTimestamp() throws IOException {
        // 10 opportunities in the first 100 ms, none in the next 100 ms, 5 in the third; ends at
        // 300 ms.
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            text.append(i * 10).append('\n');
        }
        for (int i = 0; i < 5; i++) {
            text.append(200 + i * 20).append('\n');
        }
        text.append("300\n");
        BandwidthTrace trace = TraceReader.read(write("link.up", text.toString()));

        assertThat(trace.duration()).isEqualTo(0.3);
        assertThat(trace.bpsAt(0.05)).isCloseTo(10 * 12000 / 0.1, within(1e-6));
        assertThat(trace.bpsAt(0.15)).isZero();
        assertThat(trace.bpsAt(0.35)).as("loops").isEqualTo(trace.bpsAt(0.05));
        // 16 packets (the one at 300 ms falls in the last bin) over 0.3 s
        assertThat(trace.meanBps()).isCloseTo(16 * 12000 / 0.3, within(1e-6));
    }

    @Test
    void timeMbpsValuesHoldOverTheIntervalEndingAtTheirTime() throws IOException {
        BandwidthTrace trace =
                TraceReader.read(write("norway_bus_1", "0.0\t2.0\n1.0\t4.0\n2.0\t1.0\n"));

        assertThat(trace.duration()).isEqualTo(3.0);
        assertThat(trace.bpsAt(0.5)).isEqualTo(2e6);
        assertThat(trace.bpsAt(1.5)).isEqualTo(4e6);
        assertThat(trace.bpsAt(2.5)).isEqualTo(1e6);
        assertThat(trace.meanBps()).isCloseTo(7e6 / 3, within(1e-6));
    }

    @Test
    void secondBytesCsvAppliesRowTToSecondT() throws IOException {
        BandwidthTrace trace = TraceReader.read(write("7_1_wifi.csv", "1,1000000\n2,250000\n"));

        assertThat(trace.duration()).isEqualTo(2.0);
        assertThat(trace.bpsAt(0.5)).isEqualTo(8e6);
        assertThat(trace.bpsAt(1.5)).isEqualTo(2e6);
    }

    @Test
    void modemCsvUsesTheRateColumnBetweenRowTimes() throws IOException {
        String csv =
                """
                Time,rsrp(dBm),Sent Bytes,RATE(MBit/s)
                Wed Dec 15 16:05:11 UTC 2021,-110,2944844,7.5
                Wed Dec 15 16:05:14 UTC 2021,-110,6162548,9.0
                Wed Dec 15 16:05:17 UTC 2021,-111,9000000,3.0
                """;
        BandwidthTrace trace = TraceReader.read(write("Data5G.csv", csv));

        assertThat(trace.duration()).isEqualTo(9.0);
        assertThat(trace.bpsAt(1)).isEqualTo(7.5e6);
        assertThat(trace.bpsAt(4)).isEqualTo(9e6);
        assertThat(trace.bpsAt(8)).isEqualTo(3e6);
    }

    @Test
    void aFolderReadsEveryFormatAndListsWhatIsNotATrace() throws IOException {
        write("a/link.up", "5\n10\n");
        write("b/norway_tram_1", "0.0 1.0\n0.5 2.0\n");
        write("c/7_1_cellular.csv", "1,100\n");
        write("README.md", "# traces\n");

        TraceReader.Folder folder = TraceReader.readFolder(dir);

        assertThat(folder.traces())
                .extracting(BandwidthTrace::name)
                .containsExactly("a/link.up", "b/norway_tram_1", "c/7_1_cellular.csv");
        assertThat(folder.skipped()).containsExactly(dir.resolve("README.md"));
    }

    @Test
    void badLinesAreNamedByFileAndLine() throws IOException {
        Path file = write("broken", "0.0 1.0\n0.5 fast\n");
        assertThatThrownBy(() -> TraceReader.read(file))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageContaining("broken:2")
                .hasMessageContaining("fast");
        Path backwards = write("backwards.up", "10\n5\n");
        assertThatThrownBy(() -> TraceReader.read(backwards))
                .hasMessageContaining("backwards.up:2");
        Path prose = write("notes.txt", "hello world, not a trace\n");
        assertThatThrownBy(() -> TraceReader.read(prose)).hasMessageContaining("not a trace");
    }
}
