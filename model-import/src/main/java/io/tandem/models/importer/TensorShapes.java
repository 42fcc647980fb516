package io.tandem.models.importer;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.tandem.models.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The shape of every float activation at batch 1, found by running the model once with each
 * activation exposed as an output: no shape inference of our own, ONNX Runtime's is the one that
 * matters. The same run checks that the model takes a batch of two, as the edge's batched tails
 * need.
 */
final class TensorShapes {

    private TensorShapes() {}

    /** Shapes including the batch dimension (1), by tensor name; non-float tensors are absent. */
    static Map<String, long[]> probe(OnnxGraph graph, long[] inputShape, OrtSlices ort) {
        byte[] observing =
                SliceBuilder.observing(withInput(graph, inputShape), graph.activations())
                        .toByteArray();
        try (OrtSession session = ort.open(observing, "the model")) {
            Map<String, Tensor> one =
                    OrtSlices.run(
                            session, RandomImages.of(1, inputShape, new Random(1)), "the model");
            Map<String, Tensor> two;
            try {
                two =
                        OrtSlices.run(
                                session, RandomImages.of(2, inputShape, new Random(2)), "a batch");
            } catch (ImportRefused e) {
                throw new ImportRefused(
                        "the model fails on a batch of 2 ("
                                + e.getMessage()
                                + "); export it with a dynamic batch axis");
            }
            Tensor logits = two.get(graph.output().getName());
            if (logits == null || logits.batch() != 2) {
                throw new ImportRefused(
                        "the model's output does not follow the batch dimension; export it with a"
                                + " dynamic batch axis");
            }
            Map<String, long[]> shapes = new LinkedHashMap<>();
            shapes.put(graph.input().getName(), batchOf(inputShape));
            one.forEach((name, t) -> shapes.put(name, t.shape()));
            return shapes;
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    private static io.tandem.onnx.Onnx.ModelProto withInput(OnnxGraph graph, long[] inputShape) {
        io.tandem.onnx.Onnx.GraphProto.Builder g = graph.model().getGraph().toBuilder();
        for (int i = 0; i < g.getInputCount(); i++) {
            if (g.getInput(i).getName().equals(graph.input().getName())) {
                g.setInput(i, SliceBuilder.floatTensor(graph.input().getName(), inputShape));
            }
        }
        return graph.model().toBuilder().setGraph(g).build();
    }

    static long[] batchOf(long[] sample) {
        long[] shape = new long[sample.length + 1];
        shape[0] = 1;
        System.arraycopy(sample, 0, shape, 1, sample.length);
        return shape;
    }

    static long[] sampleOf(long[] shape) {
        return Arrays.copyOfRange(shape, 1, shape.length);
    }
}
