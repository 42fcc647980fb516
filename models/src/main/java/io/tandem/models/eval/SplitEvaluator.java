package io.tandem.models.eval;

import ai.onnxruntime.OrtSession;
import io.tandem.models.SliceRunner;
import io.tandem.models.Tensor;
import io.tandem.models.codec.EncodedFeatures;
import io.tandem.models.codec.FeatureCodec;
import io.tandem.models.repository.ModelRepository;
import io.tandem.models.repository.SliceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs head -> codec -> tail over labelled images, as a device and the edge would, and scores it.
 */
public final class SplitEvaluator {

    private static final int BATCH = 500;

    private final ModelRepository repository;

    public SplitEvaluator(ModelRepository repository) {
        this.repository = repository;
    }

    /** Top-1 accuracy and wire bytes of one split with one codec. */
    public record Score(
            SliceKey split, String codec, double accuracy, double meanPayloadBytes, int images) {}

    public Score evaluate(SliceKey split, FeatureCodec codec, LabeledImages data) {
        Optional<OrtSession> head = repository.head(split);
        Optional<OrtSession> tail = repository.tail(split);
        int correct = 0;
        long payloadBytes = 0;
        for (int from = 0; from < data.count(); from += BATCH) {
            int to = Math.min(data.count(), from + BATCH);
            Tensor input = data.batch(from, to);
            Tensor features = head.map(h -> SliceRunner.run(h, input)).orElse(input);
            List<Tensor> received = new ArrayList<>(to - from);
            for (int i = 0; i < to - from; i++) {
                EncodedFeatures wire = codec.encode(features.sample(i));
                payloadBytes += wire.payload().length;
                received.add(codec.decode(wire));
            }
            Tensor decoded = Tensor.stack(received);
            Tensor logits = tail.map(t -> SliceRunner.run(t, decoded)).orElse(decoded);
            for (int i = 0; i < to - from; i++) {
                if (logits.argmax(i) == data.labels()[from + i]) {
                    correct++;
                }
            }
        }
        return new Score(
                split,
                codec.id().toString(),
                (double) correct / data.count(),
                (double) payloadBytes / data.count(),
                data.count());
    }
}
