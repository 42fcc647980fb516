package io.tandem.jobs.recovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The newest complete checkpoint under a checkpoint directory ({@code <dir>/<job id>/chk-<n>/},
 * complete once Flink wrote its {@code _metadata}), so a resubmitted job resumes from it whatever
 * the id of the job that wrote it.
 */
public final class LatestCheckpoint {

    private static final String METADATA = "_metadata";

    private LatestCheckpoint() {}

    public static Optional<Path> in(Path checkpointDir) {
        if (!Files.isDirectory(checkpointDir)) {
            return Optional.empty();
        }
        try (Stream<Path> jobs = Files.list(checkpointDir)) {
            return jobs.filter(Files::isDirectory)
                    .flatMap(LatestCheckpoint::checkpointsOf)
                    .filter(chk -> Files.isRegularFile(chk.resolve(METADATA)))
                    .max(Comparator.comparing(LatestCheckpoint::writtenAt));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + checkpointDir, e);
        }
    }

    private static Stream<Path> checkpointsOf(Path jobDir) {
        try (Stream<Path> entries = Files.list(jobDir)) {
            return entries
                    .filter(p -> p.getFileName().toString().startsWith("chk-"))
                    .toList()
                    .stream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + jobDir, e);
        }
    }

    private static FileTime writtenAt(Path checkpoint) {
        try {
            return Files.getLastModifiedTime(checkpoint.resolve(METADATA));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
