package io.tandem.models.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.models.repository.ManifestWatch;
import io.tandem.models.repository.ModelIntegrityException;
import io.tandem.models.repository.ModelManifest;
import io.tandem.models.repository.Sha256;
import io.tandem.schema.ModelAnnouncement;
import io.tandem.schema.ModelFile;
import io.tandem.schema.ModelState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Builds and reads {@link ModelAnnouncement}s: the one home of the models topic's key, of what a
 * published version lists (every file with its SHA-256 and size, checked against the bytes on disk
 * before anything is announced) and of whether an announcement and a manifest agree.
 */
public final class ModelAnnouncements {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelAnnouncements() {}

    /** The models topic's key of a version. */
    public static String key(String modelId, String version) {
        return modelId + "/" + version;
    }

    public static String key(ModelAnnouncement a) {
        return key(a.getModelId(), a.getVersion());
    }

    /**
     * Announces a version of the model in {@code modelDir} as published. Every file is read and
     * hashed: a file that does not match the manifest is an error, and nothing is announced.
     */
    public static ModelAnnouncement published(Path modelDir, String version, Clock clock) {
        Path manifestFile = modelDir.resolve(ManifestWatch.FILE);
        ModelManifest manifest = ModelManifest.read(manifestFile);
        List<ModelFile> files = new ArrayList<>();
        for (ModelManifest.Slice slice : manifest.slices(version)) {
            Path file = modelDir.resolve(slice.file()).normalize();
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new ModelIntegrityException(
                        "cannot read " + slice.file() + ": " + e.getMessage(), e);
            }
            String sha = Sha256.hex(bytes);
            if (!sha.equalsIgnoreCase(slice.sha256())) {
                throw new ModelIntegrityException(
                        "model file " + slice.file() + " differs from the manifest's SHA-256");
            }
            files.add(new ModelFile(slice.file(), sha, (long) bytes.length));
        }
        return ModelAnnouncement.newBuilder()
                .setModelId(manifest.model())
                .setVersion(version)
                .setState(ModelState.PUBLISHED)
                .setFiles(files)
                .setManifestEntry(versionEntry(manifestFile, version))
                .setTop1Accuracy(fullAccuracy(manifest, version).orElse(null))
                .setAnnouncedAtMicros(micros(clock))
                .build();
    }

    /** Announces a version as withdrawn: planned no more, its devices moved off it. */
    public static ModelAnnouncement withdrawn(String modelId, String version, Clock clock) {
        return ModelAnnouncement.newBuilder()
                .setModelId(modelId)
                .setVersion(version)
                .setState(ModelState.WITHDRAWN)
                .setFiles(List.of())
                .setManifestEntry(null)
                .setTop1Accuracy(null)
                .setAnnouncedAtMicros(micros(clock))
                .build();
    }

    /**
     * Why the manifest's files of the announced version are not the announced ones (a file replaced
     * or tampered with after the announcement), or empty when they all agree.
     */
    public static Optional<String> disagreement(ModelAnnouncement a, ModelManifest manifest) {
        if (!manifest.model().equals(a.getModelId())) {
            return Optional.of(
                    "announcement for model "
                            + a.getModelId()
                            + ", repository has "
                            + manifest.model());
        }
        if (!manifest.hasVersion(a.getVersion())) {
            return Optional.of(
                    "version " + a.getVersion() + " is not in the repository's manifest");
        }
        Map<String, String> announced = shaByPath(a);
        for (ModelManifest.Slice slice : manifest.slices(a.getVersion())) {
            String sha = announced.get(slice.file());
            if (sha == null || !sha.equalsIgnoreCase(slice.sha256())) {
                return Optional.of(
                        "file "
                                + slice.file()
                                + " of "
                                + key(a)
                                + " differs from the announced SHA-256");
            }
        }
        return Optional.empty();
    }

    /** The announced SHA-256 of each file, by its path in the model's directory. */
    public static Map<String, String> shaByPath(ModelAnnouncement a) {
        return a.getFiles().stream()
                .collect(
                        Collectors.toMap(
                                f -> f.getPath().toString(),
                                f -> f.getSha256().toString().toLowerCase(Locale.ROOT),
                                (x, y) -> x));
    }

    /** The version's object of the manifest file, as JSON text. */
    static String versionEntry(Path manifestFile, String version) {
        try {
            JsonNode root = JSON.readTree(manifestFile.toFile());
            for (JsonNode v : root.path("versions")) {
                if (version.equals(v.path("id").asText())) {
                    return JSON.writeValueAsString(v);
                }
            }
        } catch (IOException e) {
            throw new ModelIntegrityException(
                    "cannot read " + manifestFile + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("the manifest has no version '" + version + "'");
    }

    /** Accuracy of the whole version (its last partition, float32), where measured. */
    private static Optional<Double> fullAccuracy(ModelManifest manifest, String version) {
        ModelManifest.Version v = manifest.version(version);
        return v.partitions().stream()
                .filter(p -> p.partition() == v.blocks())
                .flatMap(p -> p.variants().stream())
                .flatMap(variant -> variant.codecs().stream())
                .filter(c -> c.codec().equals("float32"))
                .map(ModelManifest.CodecFigures::accuracy)
                .filter(Objects::nonNull)
                .findFirst();
    }

    private static long micros(Clock clock) {
        return clock.millis() * 1000;
    }
}
