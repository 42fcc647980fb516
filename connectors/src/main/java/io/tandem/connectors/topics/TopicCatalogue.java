package io.tandem.connectors.topics;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Topic names of one Tandem deployment: {@code <namespace>.<suffix>}, e.g. {@code tandem.features}.
 * Several edge cells, or several test suites, can share one cluster under different namespaces.
 */
public record TopicCatalogue(String namespace) implements Serializable {

    public static final String DEFAULT_NAMESPACE = "tandem";

    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,200}");

    public TopicCatalogue {
        if (namespace == null || !LEGAL.matcher(namespace).matches()) {
            throw new IllegalArgumentException(
                    "topic namespace must match " + LEGAL + ", was '" + namespace + "'");
        }
    }

    public static TopicCatalogue standard() {
        return new TopicCatalogue(DEFAULT_NAMESPACE);
    }

    public String name(TandemTopic topic) {
        return namespace + "." + topic.suffix();
    }

    public List<String> names() {
        return Arrays.stream(TandemTopic.values()).map(this::name).toList();
    }
}
