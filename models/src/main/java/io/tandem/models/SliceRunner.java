package io.tandem.models;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;

/** Runs one ONNX slice (one float input, one float output) on a tensor. */
public final class SliceRunner {

    /**
     * Inputs up to this many floats (4 MiB) go through a direct buffer kept per thread. ONNX
     * Runtime copies a heap buffer into a fresh direct one on every call; at a batch of 32 tail
     * inputs that is megabytes of direct memory a call, whose reservations stall on a JVM whose
     * direct memory Flink's network buffers already hold (the allocator then forces collections).
     * Larger inputs take that path still, so no thread keeps more than this.
     */
    static final int REUSED_UP_TO_FLOATS = 1 << 20;

    private static final ThreadLocal<FloatBuffer> INPUT = new ThreadLocal<>();

    private SliceRunner() {}

    /**
     * The values in this thread's direct buffer (grown as needed), or wrapped when too large. Only
     * valid until the thread's next call: the tensor made over it is closed before that.
     */
    private static FloatBuffer inputBuffer(float[] values) {
        if (values.length > REUSED_UP_TO_FLOATS) {
            return FloatBuffer.wrap(values);
        }
        FloatBuffer buffer = INPUT.get();
        if (buffer == null || buffer.capacity() < values.length) {
            int capacity =
                    Math.min(
                            REUSED_UP_TO_FLOATS,
                            Math.max(values.length, 2 * (buffer == null ? 0 : buffer.capacity())));
            buffer =
                    ByteBuffer.allocateDirect(capacity * Float.BYTES)
                            .order(ByteOrder.nativeOrder())
                            .asFloatBuffer();
            INPUT.set(buffer);
        }
        buffer.clear();
        buffer.put(values).flip();
        return buffer;
    }

    public static Tensor run(OrtSession session, Tensor input) {
        String inputName = session.getInputNames().iterator().next();
        try (OnnxTensor in =
                        OnnxTensor.createTensor(
                                OrtRuntime.environment(),
                                inputBuffer(input.values()),
                                input.shape());
                OrtSession.Result result = session.run(Map.of(inputName, in))) {
            OnnxTensor out = (OnnxTensor) result.get(0);
            long[] shape = out.getInfo().getShape();
            FloatBuffer buffer = out.getFloatBuffer();
            float[] values = new float[buffer.remaining()];
            buffer.get(values);
            return new Tensor(values, shape);
        } catch (OrtException e) {
            throw new IllegalStateException(
                    "ONNX Runtime failed on " + input + ": " + e.getMessage(), e);
        }
    }
}
