package io.tandem.models;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * Where ONNX Runtime loads its native libraries from. Left to itself, ORT copies them into a new
 * {@code onnxruntime-java*} temporary directory in every JVM and leaves the directory behind; here
 * they are copied once into a per-user cache, named by ORT's version, and ORT is pointed at it
 * ({@value #PROPERTY}). Only where ORT is on the application class path (the CLI, devices, a
 * MiniCluster): a JVM loads a library from one path into one class loader only, and a session
 * cluster loads each job's ORT in a class loader of its own, so there ORT keeps its own copies.
 * Anything unusual (another platform, a read-only home, a path already set) leaves ORT to its own
 * way.
 */
final class OrtNativeLibraries {

    static final String PROPERTY = "onnxruntime.native.path";

    private static final List<String> LIBRARIES =
            List.of("libonnxruntime.so", "libonnxruntime4j_jni.so");

    private OrtNativeLibraries() {}

    /** Points ORT at the cached libraries, copying them there first if needed. */
    static void useCache() {
        if (System.getProperty(PROPERTY) != null
                || !isLinuxX64()
                || ai.onnxruntime.OrtEnvironment.class.getClassLoader()
                        != ClassLoader.getSystemClassLoader()) {
            return;
        }
        String version =
                ai.onnxruntime.OrtEnvironment.class.getPackage().getImplementationVersion();
        Path dir =
                Path.of(System.getProperty("user.home"), ".cache", "tandem")
                        .resolve("onnxruntime-" + (version == null ? "unknown" : version));
        try {
            for (String library : LIBRARIES) {
                copyOnce(library, dir);
            }
            System.setProperty(PROPERTY, dir.toString());
        } catch (IOException | RuntimeException e) {
            // ORT extracts them itself, as it would anyway.
        }
    }

    private static boolean isLinuxX64() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        return os.startsWith("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }

    private static void copyOnce(String library, Path dir) throws IOException {
        String resource = "/ai/onnxruntime/native/linux-x64/" + library;
        try (InputStream in = OrtNativeLibraries.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no " + resource + " on the class path");
            }
            Path target = dir.resolve(library);
            if (Files.exists(target)) {
                return;
            }
            Files.createDirectories(dir);
            // Copied beside it and renamed: a JVM starting alongside never loads half a file.
            Path partial = Files.createTempFile(dir, library, ".partial");
            try {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
        }
    }
}
