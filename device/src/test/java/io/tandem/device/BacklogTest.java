package io.tandem.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.models.codec.EncodedFeatures;
import io.tandem.models.codec.Precision;
import io.tandem.models.wire.FeatureFrames;
import io.tandem.schema.FeatureFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BacklogTest {

    static FeatureFrame frame(long id) {
        return FeatureFrames.toFrame(
                new FeatureFrames.Header("cam-1", id, "fmnist-resnet", "w25", 6, 0, 0, 0, 0),
                new EncodedFeatures(
                        "float32", Precision.FLOAT32, new long[] {1, 2}, new byte[8], null, false));
    }

    @Test
    void dropsOnlyFramesWaitingPastTheBoundOldestFirst() throws InterruptedException {
        Backlog backlog = new Backlog(1.0);
        for (int i = 0; i < 5; i++) {
            backlog.add(new Backlog.Queued(frame(i), 0.5 * i, 0)); // queued at 0, 0.5, ..., 2.0
        }
        List<Long> dropped = new ArrayList<>();
        backlog.dropStale(2.2, dropped::add);

        assertThat(dropped)
                .as("waited 2.2 and 1.7 s; 1.2 s is past the bound too")
                .containsExactly(0L, 1L, 2L);
        assertThat(backlog.dropped()).isEqualTo(3);
        assertThat(backlog.size()).isEqualTo(2);
        assertThat(backlog.take(0).frame().getFrameId())
                .as("the uplink gets the oldest left")
                .isEqualTo(3);

        backlog.dropStale(2.2, dropped::add);
        assertThat(backlog.dropped()).as("nothing newly stale").isEqualTo(3);
    }

    @Test
    void anEmptyBacklogGivesNothingAfterTheTimeout() throws InterruptedException {
        Backlog backlog = new Backlog(1.0);
        assertThat(backlog.take(0)).isNull();
        assertThat(backlog.isEmpty()).isTrue();
    }
}
