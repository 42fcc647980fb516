package io.tandem.connectors.flink;

import java.io.Serializable;

/** Extracts the Kafka key (a device id) of a record; serializable so a sink can carry it. */
@FunctionalInterface
public interface RecordKey<T> extends Serializable {
    /** The key, or null for records without one. */
    String of(T record);
}
