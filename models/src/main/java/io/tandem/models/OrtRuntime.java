package io.tandem.models;

import ai.onnxruntime.OrtEnvironment;

/**
 * The JVM's one ONNX Runtime environment. ORT's environment is a process-wide singleton that must
 * never be closed; every session in Tandem is created from this one.
 */
public final class OrtRuntime {

    private OrtRuntime() {}

    public static OrtEnvironment environment() {
        return Holder.ENVIRONMENT;
    }

    private static final class Holder {
        // Lazily, on first use: loading ORT loads its native libraries.
        static final OrtEnvironment ENVIRONMENT = load();

        private static OrtEnvironment load() {
            OrtNativeLibraries.useCache();
            return OrtEnvironment.getEnvironment();
        }
    }
}
