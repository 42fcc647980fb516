package io.tandem.models.policy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tandem.models.OrtRuntime;
import io.tandem.models.repository.ModelIntegrityException;
import io.tandem.models.repository.Sha256;
import io.tandem.planner.drl.PolicyAction;
import io.tandem.planner.drl.PolicyObservation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.function.Function;

/**
 * The learned planning policy, run with ONNX Runtime. Inputs {@code device [n, 8]}, {@code options
 * [n, k, 12]} and {@code mask [n, k]} ({@link PolicyObservation}); outputs {@code scores [n, k]}
 * (one logit per option) and {@code shares [n, k, 2]} (the ingress and edge logits the device would
 * take with that option). Serving is deterministic: each device's highest-scoring real option, with
 * that option's share logits.
 */
public final class OnnxPolicy implements Function<PolicyObservation, PolicyAction>, AutoCloseable {

    /** The policy this build ships, trained by {@code models/training/drl/train.py}. */
    static final String BUNDLED = "/io/tandem/models/policy/drl-policy";

    private final OrtSession session;

    private OnnxPolicy(OrtSession session) {
        this.session = session;
    }

    /**
     * The bundled policy, checked against its manifest: the file's SHA-256, and the feature
     * encoding it was trained on.
     */
    public static OnnxPolicy bundled() {
        try (InputStream onnx = OnnxPolicy.class.getResourceAsStream(BUNDLED + ".onnx");
                InputStream manifest = OnnxPolicy.class.getResourceAsStream(BUNDLED + ".json")) {
            if (onnx == null || manifest == null) {
                throw new ModelIntegrityException("the drl policy is missing from this build");
            }
            return load(onnx.readAllBytes(), new ObjectMapper().readTree(manifest));
        } catch (IOException e) {
            throw new ModelIntegrityException("cannot read the bundled drl policy", e);
        }
    }

    static OnnxPolicy load(byte[] onnx, JsonNode manifest) {
        String expected = manifest.path("sha256").asText();
        String actual = Sha256.hex(onnx);
        if (!actual.equalsIgnoreCase(expected)) {
            throw new ModelIntegrityException(
                    "drl policy SHA-256 is " + actual + ", its manifest says " + expected);
        }
        int features = manifest.path("features_version").asInt(-1);
        if (features != PolicyObservation.FEATURES_VERSION) {
            throw new ModelIntegrityException(
                    "drl policy was trained on features version "
                            + features
                            + ", this build encodes version "
                            + PolicyObservation.FEATURES_VERSION);
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            return new OnnxPolicy(OrtRuntime.environment().createSession(onnx, options));
        } catch (OrtException e) {
            throw new ModelIntegrityException("cannot load the drl policy", e);
        }
    }

    @Override
    public PolicyAction apply(PolicyObservation observation) {
        int n = observation.devices();
        int k = observation.width();
        var env = OrtRuntime.environment();
        try (OnnxTensor device =
                        OnnxTensor.createTensor(
                                env,
                                FloatBuffer.wrap(observation.device()),
                                new long[] {n, PolicyObservation.DEVICE_FEATURES});
                OnnxTensor options =
                        OnnxTensor.createTensor(
                                env,
                                FloatBuffer.wrap(observation.options()),
                                new long[] {n, k, PolicyObservation.OPTION_FEATURES});
                OnnxTensor mask =
                        OnnxTensor.createTensor(
                                env, FloatBuffer.wrap(observation.mask()), new long[] {n, k});
                OrtSession.Result result =
                        session.run(Map.of("device", device, "options", options, "mask", mask))) {
            float[][] scores = (float[][]) result.get("scores").orElseThrow().getValue();
            float[][][] shares = (float[][][]) result.get("shares").orElseThrow().getValue();
            return decide(observation, scores, shares);
        } catch (OrtException e) {
            throw new IllegalStateException("drl policy failed on a cell of " + n + " devices", e);
        }
    }

    private static PolicyAction decide(
            PolicyObservation observation, float[][] scores, float[][][] shares) {
        int n = observation.devices();
        int k = observation.width();
        int[] option = new int[n];
        float[] logits = new float[2 * n];
        for (int i = 0; i < n; i++) {
            int best = -1;
            for (int j = 0; j < k; j++) {
                if (observation.mask()[i * k + j] > 0
                        && (best < 0 || scores[i][j] > scores[i][best])) {
                    best = j;
                }
            }
            option[i] = best;
            logits[2 * i] = shares[i][best][0];
            logits[2 * i + 1] = shares[i][best][1];
        }
        return new PolicyAction(option, logits);
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
