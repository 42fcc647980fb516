package io.tandem.kubernetes;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** Reading and writing Kubernetes manifests: YAML files of one or more resources. */
public final class Manifests {

    private static final ObjectMapper YAML =
            new ObjectMapper(
                            YAMLFactory.builder()
                                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                                    // "2" stays the string a Kafka config is, not a number.
                                    .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                                    // Strimzi's subtypes carry a type field, not YAML tags.
                                    .disable(YAMLGenerator.Feature.USE_NATIVE_TYPE_ID)
                                    .build())
                    .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                    .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private Manifests() {}

    /** The mapper every manifest is read and written with. */
    public static ObjectMapper yaml() {
        return YAML;
    }

    /** Every resource in {@code file}, in order (documents separated by {@code ---}). */
    public static List<JsonNode> read(Path file) {
        try {
            return YAML
                    .readerFor(JsonNode.class)
                    .<JsonNode>readValues(file.toFile())
                    .readAll()
                    .stream()
                    .filter(n -> !n.isNull() && !n.isMissingNode())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read manifest " + file, e);
        }
    }

    /** {@code resources} as one YAML file, each a document, under a comment {@code header}. */
    public static String write(String header, List<?> resources) {
        StringBuilder out = new StringBuilder();
        header.lines().forEach(line -> out.append("# ").append(line).append('\n'));
        for (Object resource : resources) {
            try {
                out.append("---\n").append(YAML.writeValueAsString(resource));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out.toString();
    }
}
