package io.tandem.models.importer;

/**
 * A legal cut with what it costs: the head's FLOPs per frame and the float32 bytes of the tensor
 * sent.
 */
record CutFigures(Cut cut, long[] featureShape, long headFlops, long featureBytes) {}
