package io.tandem.traces;

/** A trace file that cannot be read as its format says; the message names the file and line. */
public final class TraceFormatException extends IllegalArgumentException {

    public TraceFormatException(String message) {
        super(message);
    }
}
