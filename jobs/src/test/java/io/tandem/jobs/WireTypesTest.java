package io.tandem.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.connectors.avro.AvroWireFormat;
import io.tandem.jobs.tail.FrameCheck;
import io.tandem.jobs.tail.ReceivedFrame;
import io.tandem.jobs.tail.TailRequest;
import io.tandem.planner.online.DeviceStatistics;
import io.tandem.schema.FeatureFrame;
import io.tandem.testkit.Zoo;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The types that travel between the edge job's operators, or sit in its state, are Flink POJOs:
 * Flink's own serializer, not Kryo's fallback, and every field survives a round trip.
 */
class WireTypesTest {

    @Test
    void aReceivedFrameRoundTripsWithItsOriginalBytes() throws Exception {
        ReceivedFrame received = received();
        ReceivedFrame copy = roundTrip(ReceivedFrame.class, received);
        assertThat(copy).usingRecursiveComparison().isEqualTo(received);
        assertThat(copy.value).isEqualTo(received.value);
    }

    @Test
    void aTailRequestRoundTrips() throws Exception {
        ReceivedFrame received = received();
        TailRequest request =
                TailRequest.of(
                        received,
                        (FrameCheck.Accepted)
                                new FrameCheck(Zoo.repository().manifest(), 1 << 20)
                                        .check(received.frame),
                        0.3);
        assertThat(roundTrip(TailRequest.class, request))
                .usingRecursiveComparison()
                .isEqualTo(request);
    }

    @Test
    void deviceStatisticsRoundTrip() throws Exception {
        DeviceStatistics stats = DeviceStatistics.of("cam-1");
        stats.deviceClass = "rpi4";
        stats.taskKind = "latency";
        stats.deadlineMs = 60;
        stats.queuedFrames = 3;
        stats.uplinkBps = new double[] {1e6, 2e6};
        stats.rttMs = new double[] {20};
        assertThat(roundTrip(DeviceStatistics.class, stats))
                .usingRecursiveComparison()
                .isEqualTo(stats);
    }

    private static ReceivedFrame received() {
        FeatureFrame frame = Zoo.frame("cam-1", 4, "w100", 3, "int8", 2);
        return new ReceivedFrame(
                frame,
                "t.features",
                1,
                42,
                "cam-1".getBytes(StandardCharsets.UTF_8),
                AvroWireFormat.of(FeatureFrame.class).encode(frame),
                123_456);
    }

    private static <T> T roundTrip(Class<T> type, T value) throws Exception {
        TypeInformation<T> info = TypeInformation.of(type);
        assertThat(info)
                .as(type.getSimpleName() + " is a POJO to Flink")
                .isInstanceOf(PojoTypeInfo.class);
        TypeSerializer<T> serializer = info.createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(1024);
        serializer.serialize(value, out);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }
}
