package io.tandem.device;

import io.tandem.schema.FeatureFrame;
import io.tandem.schema.InferenceResult;
import java.util.List;

/** Edge answers for tests. */
final class Answers {

    private Answers() {}

    /**
     * An answer to {@code frameId} of {@code deviceId} that spent {@code atEdgeMicros} at the edge.
     */
    static InferenceResult of(
            String deviceId, long frameId, int predictedClass, long atEdgeMicros) {
        return InferenceResult.newBuilder()
                .setDeviceId(deviceId)
                .setFrameId(frameId)
                .setPredictedClass(predictedClass)
                .setTopK(List.of())
                .setModelId("fmnist-resnet")
                .setVersion("w25")
                .setPartition(6)
                .setCodec("float32")
                .setPlanEpoch(0)
                .setCapturedAtMicros(0)
                .setHeadDoneAtMicros(0)
                .setSentAtMicros(0)
                .setReceivedAtMicros(1_000_000)
                .setTailStartedAtMicros(1_000_000)
                .setTailDoneAtMicros(1_000_000 + atEdgeMicros)
                .setBatchSize(1)
                .build();
    }

    /** The answer an edge that held {@code frame} for {@code atEdgeMicros} would give. */
    static InferenceResult to(FeatureFrame frame, int predictedClass, long atEdgeMicros) {
        InferenceResult result =
                of(frame.getDeviceId(), frame.getFrameId(), predictedClass, atEdgeMicros);
        result.setVersion(frame.getVersion());
        result.setPartition(frame.getPartition());
        result.setCodec(frame.getCodec());
        result.setPlanEpoch(frame.getPlanEpoch());
        return result;
    }
}
