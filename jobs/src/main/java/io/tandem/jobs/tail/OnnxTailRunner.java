package io.tandem.jobs.tail;

import ai.onnxruntime.OrtSession;
import io.tandem.models.SliceRunner;
import io.tandem.models.Tensor;
import io.tandem.models.repository.ModelManifest;
import io.tandem.models.repository.ModelRepository;
import io.tandem.models.repository.SliceKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs tail slices on batches: stacks the requests' features into one tensor, runs the slice's
 * session once, and splits the logits back per request. At the last partition the device already
 * ran the whole model and its features are the logits. Sessions come from the repository, which
 * loads each slice once and shares it.
 */
public final class OnnxTailRunner implements TailRunner {

    private final ModelRepository repository;
    private final Map<SliceKey, Double> costs = new ConcurrentHashMap<>();
    private final Set<String> warmed = ConcurrentHashMap.newKeySet();
    private final ExecutorService background =
            Executors.newSingleThreadExecutor(
                    r -> {
                        Thread t = new Thread(r, "tail-warm-up");
                        t.setDaemon(true);
                        return t;
                    });

    public OnnxTailRunner(ModelRepository repository) {
        this.repository = repository;
    }

    /**
     * Opens the repository's model on each subtask, with the given ONNX Runtime threads per
     * session.
     */
    public static TailRunner.Factory factory(String modelRoot, String modelId) {
        return intraOpThreads ->
                new OnnxTailRunner(
                        ModelRepository.open(Path.of(modelRoot), modelId, intraOpThreads));
    }

    @Override
    public List<Tensor> run(SliceKey slice, List<Tensor> features) {
        Optional<OrtSession> tail = repository.tail(slice);
        if (tail.isEmpty()) {
            return features;
        }
        Tensor logits =
                SliceRunner.run(
                        tail.get(),
                        features.size() == 1 ? features.get(0) : Tensor.stack(features));
        List<Tensor> perRequest = new ArrayList<>(features.size());
        for (int i = 0; i < features.size(); i++) {
            perRequest.add(logits.sample(i));
        }
        return perRequest;
    }

    @Override
    public double cost(SliceKey slice) {
        return costs.computeIfAbsent(
                slice,
                key -> {
                    ModelManifest.Slice tail = repository.variant(key).tail();
                    return tail == null ? 1.0 : Math.max(1, tail.flops());
                });
    }

    /**
     * Loads every tail session and runs it once on zeros: ONNX Runtime plans its memory and kernels
     * on a session's first run, which would otherwise stall the first real batch.
     */
    @Override
    public void warmUp() {
        for (ModelManifest.Version v : repository.manifest().versions()) {
            warm(v);
        }
    }

    /** Versions published into the repository since are warmed up in the background. */
    @Override
    public void refresh() {
        repository.refreshManifest(); // a frame may have read the new manifest in first
        for (ModelManifest.Version v : repository.manifest().versions()) {
            if (!warmed.contains(v.id())) {
                background.execute(() -> warm(v));
            }
        }
    }

    private void warm(ModelManifest.Version v) {
        if (!warmed.add(v.id())) {
            return;
        }
        for (ModelManifest.Partition p : v.partitions()) {
            for (ModelManifest.Variant variant : p.variants()) {
                SliceKey key =
                        new SliceKey(
                                v.id(),
                                p.partition(),
                                variant.kind() == ModelManifest.Variant.Kind.bottleneck);
                long[] dims = variant.codeShape().stream().mapToLong(Integer::longValue).toArray();
                dims[0] = 1;
                run(key, List.of(new Tensor(new float[(int) Tensor.elementCount(dims)], dims)));
            }
        }
    }

    @Override
    public void close() {
        background.shutdownNow();
        repository.close();
    }
}
