package io.tandem.jobs.tail;

import io.tandem.models.Tensor;
import io.tandem.models.repository.SliceKey;
import java.io.Serializable;
import java.util.List;

/**
 * What runs tail slices for the tail operator: ONNX Runtime on the model repository in the job
 * ({@link OnnxTailRunner}); in scheduling tests, anything that answers in the same shape.
 */
public interface TailRunner extends AutoCloseable {

    /** Logits per request, in the order given; called from the operator's worker threads. */
    List<Tensor> run(SliceKey slice, List<Tensor> features);

    /**
     * Floating-point operations of one request on the slice's tail (at least 1): its weight in
     * scheduling.
     */
    double cost(SliceKey slice);

    /** Loads and first-runs every tail session now, so the first requests do not pay for it. */
    void warmUp();

    /**
     * Takes in versions added to the repository since (a publish), warming them up off the calling
     * thread; requests for them before that load their sessions on first use.
     */
    default void refresh() {}

    @Override
    void close();

    /**
     * Opens a runner on each subtask, with the ONNX Runtime threads per session the settings give
     * it.
     */
    interface Factory extends Serializable {
        TailRunner open(int intraOpThreads);
    }
}
