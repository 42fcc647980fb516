package io.tandem.jobs;

import io.tandem.schema.DeadLetter;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Passes on what a source decoded and sends what it could not to {@link #DEAD_LETTERS}. */
public final class DeadLetterSplit<T> extends ProcessFunction<Either<DeadLetter, T>, T> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("undecodable", new AvroTypeInfo<>(DeadLetter.class));

    @Override
    public void processElement(Either<DeadLetter, T> value, Context ctx, Collector<T> out) {
        if (value.isLeft()) {
            ctx.output(DEAD_LETTERS, value.left());
        } else {
            out.collect(value.right());
        }
    }
}
