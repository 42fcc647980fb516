package io.tandem.models.importer;

import io.tandem.onnx.Onnx;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Writes a standalone ONNX model for a set of a graph's nodes: those nodes in their original order,
 * the weights they use (copied), one float input and one float output whose first dimension is a
 * symbolic batch, so the edge can batch tails and the device can run heads one frame at a time.
 */
final class SliceBuilder {

    static final String BATCH = "batch";

    private SliceBuilder() {}

    /**
     * @param inputShape the input's shape without the batch dimension
     * @param outputShape the output's shape without the batch dimension
     */
    static Onnx.ModelProto build(
            OnnxGraph graph,
            BitSet nodes,
            String input,
            long[] inputShape,
            String output,
            long[] outputShape,
            String name) {
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName(name);
        Set<String> weights = new LinkedHashSet<>();
        for (int i = nodes.nextSetBit(0); i >= 0; i = nodes.nextSetBit(i + 1)) {
            g.addNode(graph.nodes().get(i));
            for (String in : graph.inputsOf(i)) {
                if (graph.initializer(in) != null) {
                    weights.add(in);
                }
            }
        }
        weights.forEach(w -> g.addInitializer(graph.initializer(w)));
        g.addInput(floatTensor(input, inputShape));
        g.addOutput(floatTensor(output, outputShape));
        Onnx.ModelProto source = graph.model();
        return Onnx.ModelProto.newBuilder()
                .setIrVersion(source.getIrVersion())
                .addAllOpsetImport(source.getOpsetImportList())
                .addAllFunctions(source.getFunctionsList())
                .setProducerName("tandem models import")
                .setGraph(g)
                .build();
    }

    static Onnx.ValueInfoProto floatTensor(String name, long[] shape) {
        Onnx.TensorShapeProto.Builder dims = Onnx.TensorShapeProto.newBuilder();
        dims.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
        for (long d : shape) {
            dims.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return Onnx.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(
                        Onnx.TypeProto.newBuilder()
                                .setTensorType(
                                        Onnx.TypeProto.Tensor.newBuilder()
                                                .setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE)
                                                .setShape(dims)))
                .build();
    }

    /** The model with every node and extra outputs: each named tensor becomes observable. */
    static Onnx.ModelProto observing(Onnx.ModelProto model, Iterable<String> tensors) {
        Onnx.GraphProto.Builder g = model.getGraph().toBuilder().clearValueInfo();
        Set<String> outputs = new LinkedHashSet<>();
        g.getOutputList().forEach(o -> outputs.add(o.getName()));
        for (String t : tensors) {
            if (outputs.add(t)) {
                // Name only: ONNX Runtime infers the type of an added graph output.
                g.addOutput(Onnx.ValueInfoProto.newBuilder().setName(t));
            }
        }
        return model.toBuilder().setGraph(g).build();
    }
}
