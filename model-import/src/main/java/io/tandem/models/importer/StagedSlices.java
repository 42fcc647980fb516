package io.tandem.models.importer;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.tandem.models.repository.ModelManifest;
import io.tandem.models.repository.Sha256;
import io.tandem.onnx.Onnx;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a version's slices into the staging directory, laid out as the zoo's ({@code
 * <version>/full.onnx}, {@code <version>/p<k>/head.onnx}, {@code tail.onnx}), and describes each as
 * a manifest slice: file, SHA-256, tensors, FLOPs, weight bytes, host latency.
 */
final class StagedSlices {

    private final OnnxGraph graph;
    private final Path modelDir;
    private final String version;
    private final OrtSlices ort;
    private final Map<String, byte[]> written = new HashMap<>();

    StagedSlices(OnnxGraph graph, Path modelDir, String version, OrtSlices ort) {
        this.graph = graph;
        this.modelDir = modelDir;
        this.version = version;
        this.ort = ort;
    }

    /** Head and tail of one partition; either is null at the ends. */
    record Pair(
            ModelManifest.Slice head,
            ModelManifest.Slice tail,
            byte[] headBytes,
            byte[] tailBytes,
            OrtSlices ort) {

        double maxAbsDiff(SplitCheck check) {
            try (OrtSession h = headBytes == null ? null : ort.open(headBytes, "a head slice");
                    OrtSession t = tailBytes == null ? null : ort.open(tailBytes, "a tail slice")) {
                return check.maxAbsDiff(h, t);
            } catch (OrtException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    ModelManifest.Slice full(long[] inputShape, Map<String, long[]> shapes) {
        BitSet all = new BitSet();
        all.set(0, graph.nodes().size());
        String output = graph.output().getName();
        return write(
                version + "/full.onnx",
                all,
                graph.input().getName(),
                inputShape,
                output,
                TensorShapes.sampleOf(shapes.get(output)),
                shapes);
    }

    Pair pair(int k, CutFigures cut, long[] inputShape, Map<String, long[]> shapes) {
        String input = graph.input().getName();
        String output = graph.output().getName();
        long[] outputShape = TensorShapes.sampleOf(shapes.get(output));
        String dir = version + "/p" + k + "/";
        ModelManifest.Slice head =
                cut.cut().atInput()
                        ? null
                        : write(
                                dir + "head.onnx",
                                cut.cut().head(),
                                input,
                                inputShape,
                                cut.cut().tensor(),
                                cut.featureShape(),
                                shapes);
        ModelManifest.Slice tail =
                cut.cut().atOutput()
                        ? null
                        : write(
                                dir + "tail.onnx",
                                cut.cut().tail(),
                                cut.cut().tensor(),
                                cut.featureShape(),
                                output,
                                outputShape,
                                shapes);
        return new Pair(
                head,
                tail,
                head == null ? null : bytes(head),
                tail == null ? null : bytes(tail),
                ort);
    }

    byte[] bytes(ModelManifest.Slice slice) {
        return written.get(slice.file());
    }

    private ModelManifest.Slice write(
            String file,
            BitSet nodes,
            String input,
            long[] inputShape,
            String output,
            long[] outputShape,
            Map<String, long[]> shapes) {
        Onnx.ModelProto model =
                SliceBuilder.build(graph, nodes, input, inputShape, output, outputShape, file);
        byte[] bytes = model.toByteArray();
        ModelImport.write(modelDir.resolve(file), bytes);
        written.put(file, bytes);
        double latency;
        try (OrtSession session = ort.open(bytes, file)) {
            latency = SliceTiming.medianMs(session, inputShape);
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
        return new ModelManifest.Slice(
                file,
                Sha256.hex(bytes),
                spec(input, inputShape),
                spec(output, outputShape),
                FlopCount.of(graph, nodes, shapes),
                FlopCount.paramBytes(model),
                Math.round(latency * 1000) / 1000.0);
    }

    private static ModelManifest.TensorSpec spec(String name, long[] sampleShape) {
        List<Integer> shape =
                Stream.concat(Stream.of(-1), Arrays.stream(sampleShape).mapToObj(d -> (int) d))
                        .toList();
        return new ModelManifest.TensorSpec(name, shape);
    }
}
