package io.tandem.models.importer;

import java.util.BitSet;

/**
 * A legal single-tensor cut: the head computes {@code tensor} from the image, the tail computes the
 * logits from {@code tensor} alone. {@code head} and {@code tail} are node indices of the graph
 * (static nodes, such as constants, may be in both). At the input the head is empty; at the output
 * the tail is.
 */
public record Cut(String tensor, BitSet head, BitSet tail) {

    public boolean atInput() {
        return head.isEmpty();
    }

    public boolean atOutput() {
        return tail.isEmpty();
    }
}
