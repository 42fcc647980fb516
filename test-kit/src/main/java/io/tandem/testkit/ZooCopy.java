package io.tandem.testkit;

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
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A writable copy of the zoo model holding some of its versions, to which more can be added the way
 * an import adds them (files first, then the manifest renamed into place).
 */
public final class ZooCopy {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ZooCopy() {}

    /** A repository at {@code root} holding the zoo model with these versions only. */
    public static Path withVersions(Path root, String... versions) {
        for (String v : versions) {
            copyVersion(root, v);
        }
        writeManifest(root, List.of(versions));
        return root;
    }

    /** Adds one more of the zoo's versions to the copy at {@code root}. */
    public static void addVersion(Path root, String version) {
        copyVersion(root, version);
        List<String> versions = new ArrayList<>();
        manifest(root.resolve(Zoo.MODEL).resolve("manifest.json"))
                .path("versions")
                .forEach(v -> versions.add(v.path("id").asText()));
        versions.add(version);
        writeManifest(root, versions);
    }

    private static void copyVersion(Path root, String version) {
        Path from = Zoo.ROOT.resolve(Zoo.MODEL).resolve(version);
        Path to = root.resolve(Zoo.MODEL).resolve(version);
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeManifest(Path root, List<String> versions) {
        ObjectNode manifest = (ObjectNode) manifest(Zoo.manifestFile());
        ArrayNode kept = JSON.createArrayNode();
        for (String id : versions) {
            for (JsonNode v : manifest.path("versions")) {
                if (v.path("id").asText().equals(id)) {
                    kept.add(v);
                }
            }
        }
        manifest.set("versions", kept);
        try {
            Path dir = Files.createDirectories(root.resolve(Zoo.MODEL));
            Path partial = Files.createTempFile(dir, ".manifest-", ".part");
            JSON.writerWithDefaultPrettyPrinter().writeValue(partial.toFile(), manifest);
            Files.move(
                    partial,
                    dir.resolve("manifest.json"),
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode manifest(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
