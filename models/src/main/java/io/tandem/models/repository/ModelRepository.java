package io.tandem.models.repository;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.tandem.models.OrtRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A model repository on disk: {@code <root>/<model>/manifest.json} and the ONNX slices it lists.
 * Every file is resolved inside the model's directory only, and its SHA-256 is checked against the
 * manifest before ONNX Runtime sees it. Sessions are created on first use and shared, keyed by the
 * file's SHA-256 (a replaced file is a new session). A version not in the manifest read so far
 * makes it read the manifest again, if the file changed since: versions published while it runs are
 * served without a restart.
 */
public final class ModelRepository implements AutoCloseable {

    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path modelDir;
    private final ManifestWatch manifest;
    private final OrtSession.SessionOptions options;
    private final Map<String, OrtSession> sessions = new ConcurrentHashMap<>();

    private ModelRepository(
            Path modelDir, ManifestWatch manifest, OrtSession.SessionOptions options) {
        this.modelDir = modelDir;
        this.manifest = manifest;
        this.options = options;
    }

    /** Opens {@code <root>/<modelId>}; reads the manifest, loads nothing yet. */
    public static ModelRepository open(Path root, String modelId, int intraOpThreads) {
        Path dir = root.resolve(modelId).toAbsolutePath().normalize();
        ManifestWatch manifest = new ManifestWatch(dir.resolve(ManifestWatch.FILE));
        try {
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(Math.max(1, intraOpThreads));
            options.setInterOpNumThreads(1);
            return new ModelRepository(dir, manifest, options);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot configure ONNX Runtime: " + e.getMessage(), e);
        }
    }

    /** The manifest as last read. */
    public ModelManifest manifest() {
        return manifest.current();
    }

    /**
     * Closes the sessions of a version's slices (the version is no longer run here; a later use
     * loads them again).
     */
    public void release(String version) {
        for (ModelManifest.Slice slice : manifest.current().slices(version)) {
            OrtSession session = sessions.remove(slice.sha256().toLowerCase(Locale.ROOT));
            if (session != null) {
                try {
                    session.close();
                } catch (OrtException e) {
                    // freeing native memory failed: nothing left for the caller to do
                }
            }
        }
    }

    /** Reads the manifest again if its file changed; true when it did. */
    public boolean refreshManifest() {
        return manifest.refresh();
    }

    /** Whether the repository has the version, reading the manifest again if it changed. */
    public boolean hasVersion(String version) {
        return manifest.hasVersion(version);
    }

    public Path directory() {
        return modelDir;
    }

    /** The variant of a split, or a clear error when the repository has none. */
    public ModelManifest.Variant variant(SliceKey key) {
        if (!manifest.hasVersion(key.version())) {
            throw new IllegalArgumentException(
                    "model "
                            + manifest.current().model()
                            + " has no version '"
                            + key.version()
                            + "'");
        }
        return manifest.current()
                .version(key.version())
                .partition(key.partition())
                .variant(key.kind())
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "no " + key.kind() + " variant for " + key));
    }

    /**
     * The device-side session of a split; empty at partition 0, where the device sends the input.
     */
    public Optional<OrtSession> head(SliceKey key) {
        ModelManifest.Slice slice = variant(key).head();
        return slice == null ? Optional.empty() : Optional.of(session(slice));
    }

    /**
     * The edge-side session of a split; empty at partition n, where the device sends the logits.
     */
    public Optional<OrtSession> tail(SliceKey key) {
        ModelManifest.Slice slice = variant(key).tail();
        return slice == null ? Optional.empty() : Optional.of(session(slice));
    }

    public OrtSession full(String version) {
        return session(manifest.current().version(version).full());
    }

    /**
     * Checks every file the manifest lists; returns one line per problem (empty when all is well).
     */
    public List<String> verifyAll() {
        List<String> problems = new ArrayList<>();
        for (ModelManifest.Slice slice : allSlices()) {
            try {
                verified(slice);
            } catch (ModelIntegrityException e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }

    public List<ModelManifest.Slice> allSlices() {
        List<ModelManifest.Slice> slices = new ArrayList<>();
        ModelManifest current = manifest.current();
        for (ModelManifest.Version v : current.versions()) {
            slices.addAll(current.slices(v.id()));
        }
        return slices;
    }

    private OrtSession session(ModelManifest.Slice slice) {
        return sessions.computeIfAbsent(
                slice.sha256().toLowerCase(Locale.ROOT),
                f -> {
                    byte[] bytes = verified(slice);
                    try {
                        return OrtRuntime.environment().createSession(bytes, options);
                    } catch (OrtException e) {
                        throw new ModelIntegrityException(
                                "ONNX Runtime cannot load " + slice.file() + ": " + e.getMessage(),
                                e);
                    }
                });
    }

    /** The file's bytes, after checking it is inside the repository and matches its SHA-256. */
    private byte[] verified(ModelManifest.Slice slice) {
        Path file = modelDir.resolve(slice.file()).normalize();
        if (!file.startsWith(modelDir)) {
            throw new ModelIntegrityException(
                    "manifest entry '" + slice.file() + "' points outside the repository");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readAllBytes();
        } catch (NoSuchFileException e) {
            throw new ModelIntegrityException("missing model file " + slice.file());
        } catch (IOException e) {
            throw new ModelIntegrityException(
                    "cannot read model file " + slice.file() + ": " + e.getMessage(), e);
        }
        String actual = Sha256.hex(bytes);
        if (!actual.equalsIgnoreCase(slice.sha256())) {
            throw new ModelIntegrityException(
                    "model file "
                            + slice.file()
                            + " is corrupt: SHA-256 "
                            + actual
                            + " differs from the manifest's "
                            + slice.sha256());
        }
        return bytes;
    }

    @Override
    public void close() {
        for (OrtSession session : sessions.values()) {
            try {
                session.close();
            } catch (OrtException e) {
                // Closing frees native memory; a failure here leaves nothing for the caller to do.
            }
        }
        sessions.clear();
        options.close();
    }
}
