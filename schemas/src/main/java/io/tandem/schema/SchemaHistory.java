package io.tandem.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;

/**
 * Every released version of each top-level record, as self-contained schemas shipped in this jar
 * under {@code avro/history/}. Readers register them so that records written by older devices still
 * decode, and the compatibility test holds the current schemas to them.
 */
public final class SchemaHistory {

    private static final String ROOT = "avro/history/";

    private static volatile Map<String, List<Schema>> cache;

    private SchemaHistory() {}

    /** Released writer schemas of a record (simple name, e.g. "FeatureFrame"), oldest first. */
    public static List<Schema> releasedVersions(String recordName) {
        return all().getOrDefault(recordName, List.of());
    }

    /** Record name to its released schemas, oldest first. */
    public static Map<String, List<Schema>> all() {
        Map<String, List<Schema>> loaded = cache;
        if (loaded == null) {
            loaded = load();
            cache = loaded;
        }
        return loaded;
    }

    private static Map<String, List<Schema>> load() {
        Map<String, List<Schema>> byRecord = new TreeMap<>();
        for (String entry : read(ROOT + "index.txt").split("\n")) {
            String path = entry.strip();
            if (path.isEmpty() || path.startsWith("#")) {
                continue;
            }
            String record = path.substring(0, path.indexOf('/'));
            // A fresh parser per file: each history file defines its named types itself.
            Schema schema = new Schema.Parser().parse(read(ROOT + path));
            byRecord.computeIfAbsent(record, r -> new ArrayList<>()).add(schema);
        }
        byRecord.replaceAll((k, v) -> List.copyOf(v));
        return Map.copyOf(byRecord);
    }

    private static String read(String resource) {
        try (InputStream in = SchemaHistory.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing schema history resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
