package io.tandem.models.importer;

import io.tandem.onnx.Onnx;
import java.util.List;
import java.util.Random;

/** Small ONNX graphs built in code, for the shapes of problem the importer must recognise. */
final class Graphs {

    static final int OPSET = 17;

    private Graphs() {}

    static Onnx.NodeProto node(String op, List<String> inputs, String output) {
        return Onnx.NodeProto.newBuilder()
                .setOpType(op)
                .setName(output)
                .addAllInput(inputs)
                .addOutput(output)
                .build();
    }

    static Onnx.TensorProto weight(String name, long... dims) {
        Onnx.TensorProto.Builder t =
                Onnx.TensorProto.newBuilder()
                        .setName(name)
                        .setDataType(Onnx.TensorProto.DataType.FLOAT_VALUE);
        long n = 1;
        for (long d : dims) {
            t.addDims(d);
            n *= d;
        }
        Random random = new Random(name.hashCode());
        for (long i = 0; i < n; i++) {
            t.addFloatData((float) random.nextGaussian() * 0.3f);
        }
        return t.build();
    }

    static Onnx.ModelProto model(
            List<Onnx.NodeProto> nodes,
            List<Onnx.TensorProto> weights,
            List<Onnx.ValueInfoProto> inputs,
            String output) {
        Onnx.GraphProto graph =
                Onnx.GraphProto.newBuilder()
                        .setName("test")
                        .addAllNode(nodes)
                        .addAllInitializer(weights)
                        .addAllInput(inputs)
                        .addOutput(Onnx.ValueInfoProto.newBuilder().setName(output))
                        .build();
        return Onnx.ModelProto.newBuilder()
                .setIrVersion(8)
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setVersion(OPSET))
                .setGraph(graph)
                .build();
    }

    static Onnx.ValueInfoProto image(String name) {
        return SliceBuilder.floatTensor(name, new long[] {2, 6, 6});
    }

    /**
     * image -> Conv a -> Relu b -> Conv c -> Add(b, c) s -> Flatten f -> MatMul logits: a residual
     * block, so c (inside it) is no single-tensor cut while a, b and s are.
     */
    static Onnx.ModelProto residual() {
        return model(
                List.of(
                        conv("image", "w1", "a"),
                        node("Relu", List.of("a"), "b"),
                        conv("b", "w2", "c"),
                        node("Add", List.of("b", "c"), "s"),
                        node("Flatten", List.of("s"), "f"),
                        node("MatMul", List.of("f", "fc"), "logits")),
                List.of(weight("w1", 2, 2, 3, 3), weight("w2", 2, 2, 3, 3), weight("fc", 72, 4)),
                List.of(image("image")),
                "logits");
    }

    private static Onnx.NodeProto conv(String in, String w, String out) {
        return node("Conv", List.of(in, w), out).toBuilder()
                .addAttribute(
                        Onnx.AttributeProto.newBuilder()
                                .setName("pads")
                                .setType(Onnx.AttributeProto.AttributeType.INTS)
                                .addAllInts(List.of(1L, 1L, 1L, 1L)))
                .build();
    }
}
