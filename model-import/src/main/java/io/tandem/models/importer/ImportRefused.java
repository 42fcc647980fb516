package io.tandem.models.importer;

/** Why a model cannot be imported, in one line; the repository is left exactly as it was. */
public final class ImportRefused extends RuntimeException {

    public ImportRefused(String message) {
        super(message);
    }

    public ImportRefused(String message, Throwable cause) {
        super(message, cause);
    }
}
