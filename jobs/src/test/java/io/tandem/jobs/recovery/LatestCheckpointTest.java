package io.tandem.jobs.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatestCheckpointTest {

    @Test
    void theNewestCompleteCheckpointOfAnyJobWins(@TempDir Path dir) throws Exception {
        assertThat(LatestCheckpoint.in(dir.resolve("none"))).isEmpty();
        Path older = complete(dir.resolve("job-a/chk-9"), 1_000);
        Path newer = complete(dir.resolve("job-b/chk-2"), 2_000);
        Files.createDirectories(dir.resolve("job-b/chk-3")); // still being written: no _metadata
        Files.createDirectories(dir.resolve("job-b/shared"));

        assertThat(LatestCheckpoint.in(dir)).contains(newer);
        Files.setLastModifiedTime(older.resolve("_metadata"), FileTime.fromMillis(3_000));
        assertThat(LatestCheckpoint.in(dir)).contains(older);
    }

    private static Path complete(Path checkpoint, long writtenAtMillis) throws Exception {
        Files.createDirectories(checkpoint);
        Path metadata = Files.writeString(checkpoint.resolve("_metadata"), "m");
        Files.setLastModifiedTime(metadata, FileTime.fromMillis(writtenAtMillis));
        return checkpoint;
    }
}
