package io.tandem.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One version of a CustomResourceDefinition's structural schema, the one the operator's API server
 * applies to a resource before the operator sees it. Checks what the API server checks (types,
 * required fields, enums, patterns, bounds, int-or-string) and, stricter than it, reports every
 * field the schema does not declare: the server would drop such a field silently, so a misspelt
 * setting would vanish. CEL rules ({@code x-kubernetes-validations}) are not evaluated.
 */
final class CrdSchema {

    private final String kind;
    private final String apiVersion;
    private final JsonNode root;

    private CrdSchema(String kind, String apiVersion, JsonNode root) {
        this.kind = kind;
        this.apiVersion = apiVersion;
        this.root = root;
    }

    /** The schema of {@code version} in the CRD file on the test class path at {@code resource}. */
    static CrdSchema load(String resource, String version) {
        try (InputStream in = CrdSchema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no CRD at " + resource);
            }
            JsonNode crd = Manifests.yaml().readTree(in);
            String group = crd.path("spec").path("group").asText();
            for (JsonNode v : crd.path("spec").path("versions")) {
                if (v.path("name").asText().equals(version)) {
                    return new CrdSchema(
                            crd.path("spec").path("names").path("kind").asText(),
                            group + "/" + version,
                            v.path("schema").path("openAPIV3Schema"));
                }
            }
            throw new IllegalArgumentException(resource + " has no version " + version);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String kind() {
        return kind;
    }

    String apiVersion() {
        return apiVersion;
    }

    /** Every problem the schema finds in {@code resource}, as "path: problem"; empty if none. */
    List<String> problems(JsonNode resource) {
        List<String> problems = new ArrayList<>();
        if (!kind.equals(resource.path("kind").asText())
                || !apiVersion.equals(resource.path("apiVersion").asText())) {
            problems.add(
                    "$: is "
                            + resource.path("apiVersion").asText()
                            + " "
                            + resource.path("kind").asText()
                            + ", the schema is for "
                            + apiVersion
                            + " "
                            + kind);
            return problems;
        }
        check(root, resource, "$", problems, true);
        return problems;
    }

    private static void check(
            JsonNode schema, JsonNode value, String path, List<String> problems, boolean top) {
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (!value.isIntegralNumber() && !value.isTextual()) {
                problems.add(path + ": must be an integer or a string");
            }
            return;
        }
        String type = schema.path("type").asText("");
        if (!hasType(type, value)) {
            problems.add(path + ": must be " + type + ", is " + value.getNodeType());
            return;
        }
        checkBounds(schema, value, path, problems);
        switch (type) {
            case "object" -> checkObject(schema, value, path, problems, top);
            case "array" -> {
                if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
                    problems.add(path + ": needs at least " + schema.get("minItems") + " items");
                }
                JsonNode items = schema.path("items");
                for (int i = 0; i < value.size(); i++) {
                    if (!items.isMissingNode()) {
                        check(items, value.get(i), path + "[" + i + "]", problems, false);
                    }
                }
            }
            default -> {}
        }
    }

    private static void checkObject(
            JsonNode schema, JsonNode value, String path, List<String> problems, boolean top) {
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                problems.add(path + ": lacks required field " + required.asText());
            }
        }
        JsonNode oneOf = schema.path("oneOf");
        if (oneOf.isArray() && !oneOf.isEmpty()) {
            long satisfied = 0;
            for (JsonNode option : oneOf) {
                boolean all = true;
                for (JsonNode r : option.path("required")) {
                    all &= value.has(r.asText());
                }
                satisfied += all ? 1 : 0;
            }
            if (satisfied != 1) {
                problems.add(path + ": must set exactly one of the alternatives " + oneOf);
            }
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.path("additionalProperties");
        boolean preserves = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            String at = path + "." + name;
            if (top && name.equals("metadata")) {
                // The API server checks object metadata itself; a resource must be named.
                if (!field.getValue().path("name").isTextual()) {
                    problems.add(at + ": lacks a name");
                }
            } else if (properties.has(name)) {
                check(properties.get(name), field.getValue(), at, problems, false);
            } else if (additional.isObject()) {
                check(additional, field.getValue(), at, problems, false);
            } else if (top && (name.equals("apiVersion") || name.equals("kind"))) {
                // Checked against the schema's own version and kind above.

            } else if (!preserves && !additional.asBoolean(false)) {
                problems.add(at + ": unknown field (the API server would drop it)");
            }
        }
    }

    private static void checkBounds(
            JsonNode schema, JsonNode value, String path, List<String> problems) {
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode allowed : schema.get("enum")) {
                listed |= allowed.equals(value);
            }
            if (!listed) {
                problems.add(path + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (schema.has("pattern")
                && value.isTextual()
                && !Pattern.compile(schema.get("pattern").asText())
                        .matcher(value.asText())
                        .find()) {
            problems.add(
                    path + ": '" + value.asText() + "' does not match " + schema.get("pattern"));
        }
        if (schema.has("minimum")
                && value.isNumber()
                && value.asDouble() < schema.get("minimum").asDouble()) {
            problems.add(path + ": " + value + " is below the minimum " + schema.get("minimum"));
        }
        if (schema.has("maximum")
                && value.isNumber()
                && value.asDouble() > schema.get("maximum").asDouble()) {
            problems.add(path + ": " + value + " is above the maximum " + schema.get("maximum"));
        }
    }

    private static boolean hasType(String type, JsonNode value) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true; // untyped: only x-kubernetes-preserve-unknown-fields nodes
        };
    }
}
