package io.tandem.models.repository;

/**
 * A model file is missing, unreadable, outside the repository, or not the file the manifest
 * describes.
 */
public final class ModelIntegrityException extends RuntimeException {
    public ModelIntegrityException(String message) {
        super(message);
    }

    public ModelIntegrityException(String message, Throwable cause) {
        super(message, cause);
    }
}
