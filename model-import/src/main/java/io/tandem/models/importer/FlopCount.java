package io.tandem.models.importer;

import io.tandem.models.Tensor;
import io.tandem.onnx.Onnx;
import java.util.BitSet;
import java.util.Map;

/**
 * Floating-point operations of a slice for one frame: two per multiply-accumulate of convolutions
 * and matrix products, the layers that dominate a CNN; element-wise layers and static nodes count
 * nothing. The same count {@code models/training/train_zoo.py} writes into the zoo's manifest.
 */
final class FlopCount {

    private FlopCount() {}

    static long of(OnnxGraph graph, BitSet nodes, Map<String, long[]> shapes) {
        long total = 0;
        for (int i = nodes.nextSetBit(0); i >= 0; i = nodes.nextSetBit(i + 1)) {
            Onnx.NodeProto node = graph.nodes().get(i);
            if (node.getOutputCount() == 0 || graph.isStatic(node.getOutput(0))) {
                continue;
            }
            total += node(graph, node, shapes);
        }
        return total;
    }

    private static long node(OnnxGraph graph, Onnx.NodeProto node, Map<String, long[]> shapes) {
        long[] out = shapes.get(node.getOutput(0));
        if (out == null) {
            return 0; // a non-float output, e.g. a shape computation
        }
        long outElements = Tensor.elementCount(out);
        switch (node.getOpType()) {
            case "Conv", "ConvTranspose" -> {
                long[] w = shapeOf(graph, node.getInput(1), shapes);
                if (w == null || w.length < 2) {
                    return outElements;
                }
                // Each output element of a convolution sums Cin/group x kernel products; for the
                // transposed one the weight is [Cin, Cout/group, k...], the same product per input.
                long perOutput = 1;
                for (int d = 1; d < w.length; d++) {
                    perOutput *= w[d];
                }
                if (node.getOpType().equals("ConvTranspose")) {
                    long[] in = shapes.get(node.getInput(0));
                    return in == null ? outElements : 2 * Tensor.elementCount(in) * perOutput;
                }
                return 2 * outElements * perOutput;
            }
            case "Gemm", "MatMul" -> {
                long[] a = shapes.get(node.getInput(0));
                long k = a == null ? 1 : a[a.length - 1];
                if (node.getOpType().equals("Gemm") && a != null && transA(node)) {
                    k = a[0];
                }
                return 2 * outElements * k;
            }
            default -> {
                return 0;
            }
        }
    }

    private static boolean transA(Onnx.NodeProto node) {
        return node.getAttributeList().stream()
                .anyMatch(a -> a.getName().equals("transA") && a.getI() != 0);
    }

    private static long[] shapeOf(OnnxGraph graph, String tensor, Map<String, long[]> shapes) {
        Onnx.TensorProto weight = graph.initializer(tensor);
        if (weight != null) {
            return weight.getDimsList().stream().mapToLong(Long::longValue).toArray();
        }
        return shapes.get(tensor);
    }

    /** Bytes of the weights a model carries (initializers), as the manifest's param_bytes. */
    static long paramBytes(Onnx.ModelProto model) {
        long bytes = 0;
        for (Onnx.TensorProto t : model.getGraph().getInitializerList()) {
            long n = t.getDimsList().stream().reduce(1L, (x, y) -> x * y);
            bytes += 4 * n;
        }
        return bytes;
    }
}
