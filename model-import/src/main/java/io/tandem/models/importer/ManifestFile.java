package io.tandem.models.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.models.repository.ModelManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * A model's {@code manifest.json} as a JSON tree, so that a version can be added or replaced
 * without dropping fields this code does not model (training details, descriptions). Written whole
 * to a temporary file and moved over the old one atomically: a reader sees the old manifest or the
 * new one, never half of either.
 */
final class ManifestFile {

    static final String NAME = "manifest.json";

    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(SerializationFeature.INDENT_OUTPUT);

    private final ObjectNode root;

    private ManifestFile(ObjectNode root) {
        this.root = root;
    }

    /** The model's manifest, if the repository has the model. */
    static Optional<ManifestFile> read(Path modelDir) {
        Path file = modelDir.resolve(NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode tree = JSON.readTree(file.toFile());
            if (!(tree instanceof ObjectNode object) || !object.path("versions").isArray()) {
                throw new ImportRefused(file + " is not a model manifest");
            }
            return Optional.of(new ManifestFile(object));
        } catch (IOException e) {
            throw new ImportRefused("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** A manifest for a model the repository does not have yet. */
    static ManifestFile create(
            String model, String description, long[] sampleShape, List<String> classes) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model);
        root.put("description", description);
        ObjectNode input = root.putObject("input");
        ArrayNode shape = input.putArray("shape").add(-1);
        for (long d : sampleShape) {
            shape.add(d);
        }
        input.put("dtype", "float32");
        input.put("scale", "pixel / 255");
        ArrayNode names = root.putArray("classes");
        classes.forEach(names::add);
        ObjectNode evaluation = root.putObject("evaluation");
        evaluation.put("test_images", 0);
        evaluation.put("subset_images", 0);
        evaluation.putArray("subset_files");
        root.putArray("codecs");
        root.putArray("versions");
        return new ManifestFile(root);
    }

    boolean hasVersion(String id) {
        for (JsonNode v : root.path("versions")) {
            if (id.equals(v.path("id").asText())) {
                return true;
            }
        }
        return false;
    }

    boolean hasSubset() {
        return root.path("evaluation").path("subset_files").size() == 2;
    }

    ModelManifest manifest() {
        return JSON.convertValue(root, ModelManifest.class);
    }

    /** Adds the version, replacing one with the same id; lists its codecs at the model level. */
    void putVersion(ModelManifest.Version version) {
        ArrayNode versions = (ArrayNode) root.path("versions");
        for (int i = versions.size() - 1; i >= 0; i--) {
            if (version.id().equals(versions.get(i).path("id").asText())) {
                versions.remove(i);
            }
        }
        versions.add(JSON.valueToTree(version));
        ArrayNode codecs = root.withArray("codecs");
        version.partitions().stream()
                .flatMap(p -> p.variants().stream())
                .flatMap(v -> v.codecs().stream())
                .map(ModelManifest.CodecFigures::codec)
                .distinct()
                .forEach(
                        c -> {
                            for (JsonNode known : codecs) {
                                if (known.asText().equals(c)) {
                                    return;
                                }
                            }
                            codecs.add(c);
                        });
    }

    void setSubset(int testImages, int subsetImages, String imagesFile, String labelsFile) {
        ObjectNode evaluation = root.putObject("evaluation");
        evaluation.put("test_images", testImages);
        evaluation.put("subset_images", subsetImages);
        evaluation.putArray("subset_files").add(imagesFile).add(labelsFile);
    }

    /** Writes {@code <modelDir>/manifest.json} atomically. */
    void writeTo(Path modelDir) {
        Path file = modelDir.resolve(NAME);
        Path temporary = modelDir.resolve(NAME + ".tmp");
        try {
            Files.createDirectories(modelDir);
            JSON.writeValue(temporary.toFile(), root);
            Files.move(
                    temporary,
                    file,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new ImportRefused("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    ManifestFile copy() {
        return new ManifestFile(root.deepCopy());
    }
}
