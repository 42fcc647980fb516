package io.tandem.jobs.planning;

import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.util.Collector;

/**
 * One copy of each record per cell, paired with the cell's name to key it by: what every cell's
 * planner must hear (the edge's load, the model announcements) reaches each of them, on whichever
 * subtask it runs.
 */
public final class CellFanOut<T> implements FlatMapFunction<T, Tuple2<String, T>> {

    private static final long serialVersionUID = 1L;

    private final List<String> cells;

    public CellFanOut(List<String> cells) {
        this.cells = List.copyOf(cells);
    }

    @Override
    public void flatMap(T value, Collector<Tuple2<String, T>> out) {
        for (String cell : cells) {
            out.collect(Tuple2.of(cell, value));
        }
    }
}
