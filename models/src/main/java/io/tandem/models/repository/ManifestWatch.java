package io.tandem.models.repository;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * A repository's {@code manifest.json}, read again when asked about a version it does not list and
 * the file changed since the last read (its modification time or size): how a running edge learns
 * of a version published into its repository. The manifest is replaced atomically by whoever writes
 * it (import and publish rename a complete file into place), so a read never sees half a file.
 * Thread-safe.
 */
public final class ManifestWatch {

    /** The manifest's file name in a model's directory. */
    public static final String FILE = "manifest.json";

    private final Path file;
    private volatile ModelManifest current;
    private FileTime readModified;
    private long readSize;

    public ManifestWatch(Path file) {
        this.file = file;
        stamp(); // before the read: a file replaced meanwhile is read again next time
        this.current = ModelManifest.read(file);
    }

    private ManifestWatch(ModelManifest manifest) {
        this.file = null;
        this.current = manifest;
    }

    /** A manifest that is never read again (one in memory, for tests and tools). */
    public static ManifestWatch fixed(ModelManifest manifest) {
        return new ManifestWatch(manifest);
    }

    public ModelManifest current() {
        return current;
    }

    /**
     * Whether the manifest lists the version, reading it again first if it lacks it and changed.
     */
    public boolean hasVersion(String version) {
        return current.hasVersion(version) || (refresh() && current.hasVersion(version));
    }

    /** Reads the manifest again if the file changed; true when it did. */
    public synchronized boolean refresh() {
        if (file == null) {
            return false;
        }
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            if (modified.equals(readModified) && size == readSize) {
                return false;
            }
        } catch (IOException e) {
            return false; // being replaced right now: the next miss reads it
        }
        stamp(); // before the read, as above
        current = ModelManifest.read(file);
        return true;
    }

    private void stamp() {
        try {
            readModified = Files.getLastModifiedTime(file);
            readSize = Files.size(file);
        } catch (IOException e) {
            readModified = null;
        }
    }
}
