package io.tandem.models.importer;

import io.tandem.onnx.Onnx;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The tensors a node reads from its graph: its named inputs, and for control-flow nodes ({@code
 * If}, {@code Loop}, {@code Scan}) every tensor their subgraphs read from the enclosing scope. A
 * cut that leaves such a tensor on the other side is not a single-tensor cut.
 */
final class NodeInputs {

    private NodeInputs() {}

    static List<String> of(Onnx.NodeProto node) {
        Set<String> names = new LinkedHashSet<>();
        for (String in : node.getInputList()) {
            if (!in.isEmpty()) {
                names.add(in);
            }
        }
        for (Onnx.AttributeProto attribute : node.getAttributeList()) {
            if (attribute.hasG()) {
                names.addAll(outerReads(attribute.getG()));
            }
            for (Onnx.GraphProto g : attribute.getGraphsList()) {
                names.addAll(outerReads(g));
            }
        }
        return List.copyOf(names);
    }

    /** Tensors a subgraph (and its own subgraphs) reads but neither defines nor receives. */
    private static Set<String> outerReads(Onnx.GraphProto graph) {
        Set<String> defined = new HashSet<>();
        graph.getInputList().forEach(i -> defined.add(i.getName()));
        graph.getInitializerList().forEach(i -> defined.add(i.getName()));
        Set<String> reads = new LinkedHashSet<>();
        for (Onnx.NodeProto node : graph.getNodeList()) {
            for (String in : of(node)) {
                if (!defined.contains(in)) {
                    reads.add(in);
                }
            }
            node.getOutputList().forEach(defined::add);
        }
        for (Onnx.ValueInfoProto out : graph.getOutputList()) {
            if (!defined.contains(out.getName())) {
                reads.add(out.getName());
            }
        }
        return reads;
    }
}
