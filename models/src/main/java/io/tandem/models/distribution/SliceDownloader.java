package io.tandem.models.distribution;

import io.tandem.models.repository.ModelIntegrityException;
import io.tandem.models.repository.Sha256;
import io.tandem.schema.ModelFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * Fetches one announced file from a {@link RepositoryServer} into a local model directory. The
 * bytes must match the announced size and SHA-256 before they are written where a repository would
 * read them (a temporary file renamed into place): a tampered or truncated download is refused with
 * a {@link ModelIntegrityException} and leaves nothing behind.
 */
public final class SliceDownloader {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI server;
    private final HttpClient http;

    /**
     * @param server the repository's base address, {@code http://host:port/models/}
     */
    public SliceDownloader(URI server) {
        this.server = server.toString().endsWith("/") ? server : URI.create(server + "/");
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    public URI server() {
        return server;
    }

    /**
     * Downloads {@code file} of {@code modelId} into {@code modelDir} (its path inside it as
     * announced) and returns where it lies.
     *
     * @throws ModelIntegrityException when the bytes are not the announced ones
     * @throws UncheckedIOException when the server cannot be reached or answers no file
     */
    public Path download(String modelId, ModelFile file, Path modelDir) {
        Path target = modelDir.resolve(file.getPath().toString()).normalize();
        if (!target.startsWith(modelDir.normalize())) {
            throw new ModelIntegrityException(
                    "announced file " + file.getPath() + " points outside the model");
        }
        URI uri = server.resolve(modelId + "/" + file.getPath());
        byte[] bytes = fetch(uri, file.getSizeBytes());
        String sha = Sha256.hex(bytes);
        if (bytes.length != file.getSizeBytes()
                || !sha.equalsIgnoreCase(file.getSha256().toString())) {
            throw new ModelIntegrityException(
                    "downloaded "
                            + file.getPath()
                            + " is not the announced file ("
                            + bytes.length
                            + " bytes, SHA-256 "
                            + sha
                            + "; announced "
                            + file.getSizeBytes()
                            + " bytes, "
                            + file.getSha256()
                            + "): refused");
        }
        try {
            Files.createDirectories(target.getParent());
            Path partial = Files.createTempFile(target.getParent(), ".download-", ".part");
            Files.write(partial, bytes);
            Files.move(
                    partial,
                    target,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + target + ": " + e.getMessage(), e);
        }
    }

    private byte[] fetch(URI uri, long announcedSize) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build();
        try {
            HttpResponse<InputStream> response =
                    http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new UncheckedIOException(
                            new IOException(uri + " answered HTTP " + response.statusCode()));
                }
                // Never more than announced (plus one byte, to notice a longer file).
                return body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, announcedSize + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot download " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted downloading " + uri));
        }
    }
}
