package io.tandem.jobs.tail;

import io.tandem.schema.FeatureFrame;

/**
 * A frame as the edge read it: the record, where it came from (for dead letters) and when it was
 * read (epoch microseconds), the start of the edge's share of its latency. A Flink POJO.
 */
public class ReceivedFrame {

    public FeatureFrame frame;
    public String topic;
    public int partition;
    public long offset;
    public long receivedAtMicros;

    public ReceivedFrame() {
    }

    public ReceivedFrame(FeatureFrame frame, String topic, int partition, long offset, long receivedAtMicros) {
        this.frame = frame;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.receivedAtMicros = receivedAtMicros;
    }
}
