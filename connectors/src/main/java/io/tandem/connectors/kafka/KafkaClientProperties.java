package io.tandem.connectors.kafka;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Kafka client properties every Tandem client applies on top of its own: how to reach a secured
 * cluster (security.protocol, sasl.*, ssl.*) or any other client setting, read from the properties
 * file {@code --kafka-config} names. The bootstrap servers, serializers and the settings Tandem's
 * guarantees rest on stay Tandem's: a file setting them is refused.
 */
public record KafkaClientProperties(Map<String, String> values) implements Serializable {

    /** Set by Tandem itself; a file must not override them. */
    static final Set<String> RESERVED =
            Set.of(
                    "bootstrap.servers",
                    "key.serializer",
                    "value.serializer",
                    "key.deserializer",
                    "value.deserializer",
                    "isolation.level",
                    "enable.idempotence",
                    "transactional.id",
                    "enable.auto.commit");

    public KafkaClientProperties {
        values = Map.copyOf(values);
    }

    public static KafkaClientProperties none() {
        return new KafkaClientProperties(Map.of());
    }

    /** The given properties (for example a local broker's own client settings). */
    public static KafkaClientProperties of(Properties properties) {
        Map<String, String> values = new TreeMap<>();
        properties.stringPropertyNames().forEach(k -> values.put(k, properties.getProperty(k)));
        return new KafkaClientProperties(values);
    }

    /** Reads a Java properties file; an unreadable file or a reserved key is a one-line error. */
    public static KafkaClientProperties read(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read Kafka client properties " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (RESERVED.contains(key)) {
                throw new IllegalArgumentException(
                        file
                                + " sets "
                                + key
                                + ", which Tandem sets itself"
                                + (key.equals("bootstrap.servers") ? " (use --bootstrap)" : ""));
            }
            values.put(key, p.getProperty(key));
        }
        return new KafkaClientProperties(values);
    }

    /** {@code base} with these properties added; returns {@code base}. */
    public Properties addTo(Properties base) {
        base.putAll(values);
        return base;
    }

    public Properties asProperties() {
        return addTo(new Properties());
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }
}
