package io.tandem.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM that loads ONNX Runtime leaves nothing in its temp directory: the native libraries come
 * from the per-user cache, not from a fresh {@code onnxruntime-java*} copy per JVM.
 */
class OrtNativeLibrariesTest {

    /** Run in a JVM of its own, whose temp directory the test then inspects. */
    public static final class LoadOrt {
        public static void main(String[] args) {
            System.out.println(OrtRuntime.environment());
        }
    }

    @Test
    void aJvmThatLoadedOrtLeavesNoTemporaryDirectoryBehind(@TempDir Path tmp) throws Exception {
        Process jvm =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Djava.io.tmpdir=" + tmp,
                                "-cp",
                                System.getProperty("java.class.path"),
                                LoadOrt.class.getName())
                        .redirectErrorStream(true)
                        .start();
        String out = new String(jvm.getInputStream().readAllBytes());
        assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(jvm.exitValue()).as(out).isZero();
        assertThat(out).contains("OrtEnvironment");
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).as("left in the JVM's temp directory").isEmpty();
        }
    }

    @Test
    void inThisJvmOrtLoadsFromTheCache() {
        assertThat(OrtRuntime.environment()).isNotNull();
        Path cache = Path.of(System.getProperty(OrtNativeLibraries.PROPERTY));
        assertThat(cache.resolve("libonnxruntime.so")).isRegularFile();
        assertThat(cache.resolve("libonnxruntime4j_jni.so")).isRegularFile();
    }
}
