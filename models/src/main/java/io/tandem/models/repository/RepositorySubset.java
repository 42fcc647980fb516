package io.tandem.models.repository;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Copies some versions of a model from one repository into another, the way an import adds a
 * version: each file the versions list (and the model's evaluation images) first, then the manifest
 * (the source's, with only the versions the target holds) renamed into place. What a device is
 * installed with, or a version moved into the repository an edge serves.
 */
public final class RepositorySubset {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RepositorySubset() {}

    /**
     * Adds {@code versions} of {@code model} from {@code sourceRoot} to {@code targetRoot} (created
     * when missing); versions the target has already are kept.
     *
     * @return the target's model directory
     */
    public static Path add(
            Path sourceRoot, String model, Collection<String> versions, Path targetRoot) {
        Path source = sourceRoot.resolve(model);
        Path target = targetRoot.resolve(model);
        ModelManifest manifest = ModelManifest.read(source.resolve(ManifestWatch.FILE));
        try {
            for (String v : versions) {
                for (ModelManifest.Slice slice : manifest.slices(v)) {
                    Path to = target.resolve(slice.file()).normalize();
                    if (!to.startsWith(target)) {
                        throw new ModelIntegrityException(
                                "manifest entry '" + slice.file() + "' points outside the model");
                    }
                    Files.createDirectories(to.getParent());
                    Files.copy(
                            source.resolve(slice.file()), to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            copyEvaluationSubset(manifest, sourceRoot, targetRoot);
            Set<String> held = new LinkedHashSet<>();
            Path targetManifest = target.resolve(ManifestWatch.FILE);
            if (Files.exists(targetManifest)) {
                ModelManifest.read(targetManifest).versions().forEach(v -> held.add(v.id()));
            }
            held.addAll(versions);
            writeManifest(source.resolve(ManifestWatch.FILE), held, target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot copy versions " + versions + " of " + model + ": " + e.getMessage(), e);
        }
    }

    /** The labelled images the manifest names (relative to the repository root), if any. */
    private static void copyEvaluationSubset(
            ModelManifest manifest, Path sourceRoot, Path targetRoot) throws IOException {
        if (manifest.evaluation() == null || manifest.evaluation().subsetFiles() == null) {
            return;
        }
        Path root = targetRoot.toAbsolutePath().normalize();
        for (String file : manifest.evaluation().subsetFiles()) {
            Path to = root.resolve(file).normalize();
            if (!to.startsWith(root)) {
                throw new ModelIntegrityException(
                        "evaluation file '" + file + "' points outside the repository");
            }
            if (!Files.exists(to)) {
                Files.createDirectories(to.getParent());
                Files.copy(sourceRoot.resolve(file), to);
            }
        }
    }

    /** The versions a repository's manifest lists for {@code model}, in its order. */
    public static List<String> versions(Path root, String model) {
        return ModelManifest.read(root.resolve(model).resolve(ManifestWatch.FILE))
                .versions()
                .stream()
                .map(ModelManifest.Version::id)
                .toList();
    }

    private static void writeManifest(Path sourceManifest, Set<String> versions, Path target)
            throws IOException {
        ObjectNode manifest = (ObjectNode) JSON.readTree(sourceManifest.toFile());
        List<JsonNode> kept = new ArrayList<>();
        for (JsonNode v : manifest.path("versions")) {
            if (versions.contains(v.path("id").asText())) {
                kept.add(v);
            }
        }
        ArrayNode array = manifest.putArray("versions");
        kept.forEach(array::add);
        Files.createDirectories(target);
        Path partial = Files.createTempFile(target, ".manifest-", ".part");
        JSON.writerWithDefaultPrettyPrinter().writeValue(partial.toFile(), manifest);
        Files.move(
                partial,
                target.resolve(ManifestWatch.FILE),
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }
}
