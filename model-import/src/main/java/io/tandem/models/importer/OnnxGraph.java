package io.tandem.models.importer;

import com.google.protobuf.InvalidProtocolBufferException;
import io.tandem.onnx.Onnx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX image classifier's main graph, indexed for cutting: its one activation input and one
 * output, nodes in topological order, which node produces each tensor, and which tensors are static
 * (initializers, and everything computed from them alone, e.g. {@code Constant} nodes), so that
 * slices can copy them instead of receiving them.
 */
public final class OnnxGraph {

    /** The lowest default-domain opset the importer accepts. */
    public static final int MIN_OPSET = 13;

    private final Onnx.ModelProto model;
    private final List<Onnx.NodeProto> nodes;
    private final Map<String, Integer> producer = new HashMap<>();
    private final Map<String, Onnx.TensorProto> initializers = new HashMap<>();
    private final Set<String> staticTensors = new HashSet<>();
    private final List<List<String>> inputs = new ArrayList<>();
    private final Onnx.ValueInfoProto input;
    private final Onnx.ValueInfoProto output;

    private OnnxGraph(Onnx.ModelProto model) {
        this.model = model;
        Onnx.GraphProto graph = model.getGraph();
        this.nodes = graph.getNodeList();
        graph.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
        List<Onnx.ValueInfoProto> activations =
                graph.getInputList().stream()
                        .filter(i -> !initializers.containsKey(i.getName()))
                        .toList();
        if (activations.size() != 1) {
            throw new ImportRefused(
                    "the model has "
                            + activations.size()
                            + " inputs; an image classifier has exactly one");
        }
        if (graph.getOutputCount() != 1) {
            throw new ImportRefused(
                    "the model has "
                            + graph.getOutputCount()
                            + " outputs; an image classifier has exactly one (the logits)");
        }
        this.input = activations.get(0);
        this.output = graph.getOutput(0);
        staticTensors.addAll(initializers.keySet());
        Set<String> known = new HashSet<>(initializers.keySet());
        known.add(input.getName());
        for (int i = 0; i < nodes.size(); i++) {
            Onnx.NodeProto node = nodes.get(i);
            List<String> needs = NodeInputs.of(node);
            for (String name : needs) {
                if (!known.contains(name)) {
                    throw new ImportRefused(
                            "node "
                                    + describe(node)
                                    + " reads '"
                                    + name
                                    + "', which no earlier node produces (the graph is not"
                                    + " topologically sorted or is incomplete)");
                }
            }
            inputs.add(needs);
            boolean isStatic = staticTensors.containsAll(needs);
            for (String out : node.getOutputList()) {
                if (out.isEmpty()) {
                    continue;
                }
                producer.put(out, i);
                known.add(out);
                if (isStatic) {
                    staticTensors.add(out);
                }
            }
        }
        if (!known.contains(output.getName())) {
            throw new ImportRefused("no node produces the output '" + output.getName() + "'");
        }
    }

    /** Reads and indexes an ONNX file; anything that is not a usable classifier is refused. */
    public static OnnxGraph read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ImportRefused("cannot read " + file + ": " + e.getMessage(), e);
        }
        return of(bytes, file.toString());
    }

    static OnnxGraph of(byte[] bytes, String source) {
        Onnx.ModelProto model;
        try {
            model = Onnx.ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new ImportRefused(source + " is not an ONNX model: " + e.getMessage(), e);
        }
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new ImportRefused(source + " is not an ONNX model: it holds no graph");
        }
        long opset =
                model.getOpsetImportList().stream()
                        .filter(o -> o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx"))
                        .mapToLong(Onnx.OperatorSetIdProto::getVersion)
                        .max()
                        .orElse(0);
        if (opset < MIN_OPSET) {
            throw new ImportRefused(
                    source
                            + " uses ONNX opset "
                            + opset
                            + "; export it at opset "
                            + MIN_OPSET
                            + " or later");
        }
        return new OnnxGraph(model);
    }

    public Onnx.ModelProto model() {
        return model;
    }

    public List<Onnx.NodeProto> nodes() {
        return nodes;
    }

    public Onnx.ValueInfoProto input() {
        return input;
    }

    public Onnx.ValueInfoProto output() {
        return output;
    }

    /** Every tensor node {@code i} reads, including those its subgraphs read from this scope. */
    public List<String> inputsOf(int i) {
        return inputs.get(i);
    }

    public boolean isStatic(String tensor) {
        return staticTensors.contains(tensor);
    }

    public Onnx.TensorProto initializer(String name) {
        return initializers.get(name);
    }

    /** The index of the node producing {@code tensor}, or -1 for the input and initializers. */
    public int producerOf(String tensor) {
        return producer.getOrDefault(tensor, -1);
    }

    /**
     * The activation tensors in the order nodes produce them (the input first): every tensor that
     * depends on the image, the candidates for a cut.
     */
    public List<String> activations() {
        Set<String> out = new LinkedHashSet<>();
        out.add(input.getName());
        for (Onnx.NodeProto node : nodes) {
            for (String t : node.getOutputList()) {
                if (!t.isEmpty() && !staticTensors.contains(t)) {
                    out.add(t);
                }
            }
        }
        return List.copyOf(out);
    }

    static String describe(Onnx.NodeProto node) {
        return node.getOpType() + (node.getName().isEmpty() ? "" : " '" + node.getName() + "'");
    }
}
