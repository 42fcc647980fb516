package io.tandem.models.importer;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.tandem.models.OrtRuntime;
import io.tandem.models.Tensor;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * ONNX Runtime sessions on in-memory models, as the importer runs them: one input, float outputs.
 */
final class OrtSlices implements AutoCloseable {

    private final OrtSession.SessionOptions options;

    OrtSlices(int threads) {
        try {
            options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(Math.max(1, threads));
            options.setInterOpNumThreads(1);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot configure ONNX Runtime: " + e.getMessage(), e);
        }
    }

    OrtSession open(byte[] model, String what) {
        try {
            return OrtRuntime.environment().createSession(model, options);
        } catch (OrtException e) {
            throw new ImportRefused("ONNX Runtime cannot load " + what + ": " + firstLine(e), e);
        }
    }

    /** Runs a session; returns every float output by name (other outputs are left out). */
    static Map<String, Tensor> run(OrtSession session, Tensor input, String what) {
        String name = session.getInputNames().iterator().next();
        try (OnnxTensor in =
                        OnnxTensor.createTensor(
                                OrtRuntime.environment(),
                                FloatBuffer.wrap(input.values()),
                                input.shape());
                OrtSession.Result result = session.run(Map.of(name, in))) {
            Map<String, Tensor> outputs = new LinkedHashMap<>();
            for (Map.Entry<String, OnnxValue> e : result) {
                floatTensor(e.getValue()).ifPresent(t -> outputs.put(e.getKey(), t));
            }
            return outputs;
        } catch (OrtException e) {
            throw new ImportRefused("ONNX Runtime failed running " + what + ": " + firstLine(e), e);
        }
    }

    private static Optional<Tensor> floatTensor(OnnxValue value) {
        if (!(value instanceof OnnxTensor tensor)
                || tensor.getInfo().type != ai.onnxruntime.OnnxJavaType.FLOAT) {
            return Optional.empty();
        }
        FloatBuffer buffer = tensor.getFloatBuffer();
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return Optional.of(new Tensor(values, tensor.getInfo().getShape()));
    }

    static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    @Override
    public void close() {
        options.close();
    }
}
