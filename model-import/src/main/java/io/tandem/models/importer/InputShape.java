package io.tandem.models.importer;

import io.tandem.onnx.Onnx;
import java.util.Arrays;

/**
 * The image input's shape without its batch dimension: from the model's declaration, or from {@code
 * --input-shape} where the model leaves a dimension symbolic (or to override it).
 */
final class InputShape {

    private InputShape() {}

    static long[] resolve(Onnx.ValueInfoProto input, long[] override) {
        Onnx.TypeProto.Tensor type = input.getType().getTensorType();
        if (type.getElemType() != Onnx.TensorProto.DataType.FLOAT_VALUE) {
            throw new ImportRefused(
                    "input '"
                            + input.getName()
                            + "' is not float32 (ONNX element type "
                            + type.getElemType()
                            + ")");
        }
        int rank = type.getShape().getDimCount();
        if (override != null) {
            if (rank != 0 && override.length != rank - 1) {
                throw new ImportRefused(
                        "--input-shape gives "
                                + override.length
                                + " dimensions; input '"
                                + input.getName()
                                + "' has "
                                + (rank - 1)
                                + " besides the batch");
            }
            if (Arrays.stream(override).anyMatch(d -> d <= 0)) {
                throw new ImportRefused("--input-shape dimensions must be positive");
            }
            return override.clone();
        }
        if (rank < 2) {
            throw new ImportRefused(
                    "input '"
                            + input.getName()
                            + "' declares no shape; give it with --input-shape C,H,W");
        }
        long[] shape = new long[rank - 1];
        for (int i = 1; i < rank; i++) {
            Onnx.TensorShapeProto.Dimension d = type.getShape().getDim(i);
            if (!d.hasDimValue() || d.getDimValue() <= 0) {
                throw new ImportRefused(
                        "input '"
                                + input.getName()
                                + "' has a dynamic dimension "
                                + (d.hasDimParam() ? "'" + d.getDimParam() + "' " : "")
                                + "at position "
                                + i
                                + "; fix it with --input-shape C,H,W");
            }
            shape[i - 1] = d.getDimValue();
        }
        return shape;
    }
}
