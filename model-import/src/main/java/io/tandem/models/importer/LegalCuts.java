package io.tandem.models.importer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds every legal single-tensor cut of a graph. The tail is computed backwards from the output,
 * stopping at the candidate tensor; the cut is legal only when the only activation the tail then
 * still needs is that tensor. A skip connection, a concatenated branch or a squeeze-excite gate
 * spanning the candidate leaves a second activation open, and a control-flow node's subgraph
 * reading a tensor from the head side does too ({@link NodeInputs}), so such tensors are refused.
 * Static tensors (weights, constants) never count: slices copy what they use.
 */
public final class LegalCuts {

    private LegalCuts() {}

    /** The legal cuts in the order their tensors are produced: input first, output last. */
    public static List<Cut> of(OnnxGraph graph) {
        List<Cut> cuts = new ArrayList<>();
        String input = graph.input().getName();
        for (String tensor : graph.activations()) {
            Closure tail = backward(graph, graph.output().getName(), tensor);
            if (!tail.open().equals(Set.of(tensor))) {
                continue;
            }
            BitSet head =
                    tensor.equals(input) ? new BitSet() : backward(graph, tensor, input).nodes();
            cuts.add(new Cut(tensor, head, tail.nodes()));
        }
        return cuts;
    }

    /** The nodes needed to compute {@code from}, stopping at {@code stop} and the graph input. */
    private static Closure backward(OnnxGraph graph, String from, String stop) {
        BitSet nodes = new BitSet();
        Set<String> open = new HashSet<>();
        Set<String> seen = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>();
        pending.push(from);
        while (!pending.isEmpty()) {
            String tensor = pending.pop();
            if (!seen.add(tensor)) {
                continue;
            }
            if (tensor.equals(stop)) {
                open.add(tensor);
                continue;
            }
            int node = graph.producerOf(tensor);
            if (node < 0) {
                if (graph.initializer(tensor) == null) {
                    open.add(tensor); // the graph input, reached past the stop tensor
                }
                continue;
            }
            if (!nodes.get(node)) {
                nodes.set(node);
                graph.inputsOf(node).forEach(pending::push);
            }
        }
        return new Closure(nodes, open);
    }

    private record Closure(BitSet nodes, Set<String> open) {}
}
