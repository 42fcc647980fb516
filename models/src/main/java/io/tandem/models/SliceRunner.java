package io.tandem.models;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/** Runs one ONNX slice (one float input, one float output) on a tensor. */
public final class SliceRunner {

    private SliceRunner() {}

    public static Tensor run(OrtSession session, Tensor input) {
        String inputName = session.getInputNames().iterator().next();
        try (OnnxTensor in =
                        OnnxTensor.createTensor(
                                OrtRuntime.environment(),
                                FloatBuffer.wrap(input.values()),
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
