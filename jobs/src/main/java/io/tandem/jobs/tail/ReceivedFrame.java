package io.tandem.jobs.tail;

import io.tandem.schema.FeatureFrame;

/**
 * A frame as the edge read it: the decoded record, the bytes it was decoded from and where they
 * came from (so a dead letter carries exactly what was read, not a re-encoding), and when it was
 * read (epoch microseconds), the start of the edge's share of its latency. A Flink POJO.
 */
public class ReceivedFrame {

    public FeatureFrame frame;
    public String topic;
    public int partition;
    public long offset;

    /** The record's key and value as read; the key may be null. */
    public byte[] key;

    public byte[] value;
    public long receivedAtMicros;

    public ReceivedFrame() {}

    public ReceivedFrame(
            FeatureFrame frame,
            String topic,
            int partition,
            long offset,
            byte[] key,
            byte[] value,
            long receivedAtMicros) {
        this.frame = frame;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.key = key;
        this.value = value;
        this.receivedAtMicros = receivedAtMicros;
    }
}
