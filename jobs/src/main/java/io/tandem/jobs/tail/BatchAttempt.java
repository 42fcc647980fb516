package io.tandem.jobs.tail;

import io.tandem.models.Tensor;
import io.tandem.models.repository.SliceKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One batch through a {@link TailRunner}: the batch at once, and when that fails, each request
 * alone, so one frame ONNX Runtime cannot run fails only itself. Pure apart from the runner.
 *
 * @param logits per request, in order; null where that request failed
 * @param errors per request, in order; null where it succeeded
 */
record BatchAttempt(List<Tensor> logits, List<String> errors) {

    static BatchAttempt run(TailRunner runner, SliceKey slice, List<Tensor> features) {
        try {
            return new BatchAttempt(
                    runner.run(slice, features), Collections.nCopies(features.size(), null));
        } catch (RuntimeException batchFailure) {
            List<Tensor> logits = new ArrayList<>(features.size());
            List<String> errors = new ArrayList<>(features.size());
            for (Tensor one : features) {
                try {
                    logits.add(runner.run(slice, List.of(one)).get(0));
                    errors.add(null);
                } catch (RuntimeException e) {
                    logits.add(null);
                    errors.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
            return new BatchAttempt(logits, errors);
        }
    }

    boolean failed(int request) {
        return errors.get(request) != null;
    }
}
