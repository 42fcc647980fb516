package io.tandem.models.distribution;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tandem.models.repository.ManifestWatch;
import io.tandem.models.repository.ModelIntegrityException;
import io.tandem.models.repository.ModelManifest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * The edge's model repository over HTTP, read-only: {@code GET /models/<model>/<file>} answers the
 * bytes of a file the model's manifest lists, and nothing else (404), so no request reaches a file
 * outside the repository or one it does not serve (the manifest itself is not served: devices take
 * a version's entry from its announcement, which only the publisher writes). Whole files only;
 * {@code HEAD} answers the size. Every answer is checked by the receiver against the announced
 * SHA-256, so the server needs no trust of its own.
 */
public final class RepositoryServer implements AutoCloseable {

    /** The path every model's files are served under. */
    public static final String PREFIX = "/models/";

    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final Path root;
    private final HttpServer server;
    private final ExecutorService threads;
    private final Map<String, ManifestWatch> manifests = new ConcurrentHashMap<>();

    private RepositoryServer(Path root, HttpServer server, ExecutorService threads) {
        this.root = root;
        this.server = server;
        this.threads = threads;
    }

    /** Serves {@code root} (the repository: one directory per model) on host:port (0: any free). */
    public static RepositoryServer start(Path root, String host, int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
            ExecutorService threads =
                    Executors.newFixedThreadPool(
                            4,
                            r -> {
                                Thread t = new Thread(r, "model-server");
                                t.setDaemon(true);
                                return t;
                            });
            RepositoryServer repositoryServer =
                    new RepositoryServer(root.toAbsolutePath().normalize(), server, threads);
            server.createContext(PREFIX, repositoryServer::handle);
            server.setExecutor(threads);
            server.start();
            return repositoryServer;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot serve the model repository on "
                            + host
                            + ":"
                            + port
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * Where devices on this machine download from: {@code http://host:port/models/} (loopback when
     * it listens on every interface; other machines use this machine's address).
     */
    public URI uri() {
        InetSocketAddress address = server.getAddress();
        String host =
                address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getHostString();
        if (host.contains(":")) {
            host = "[" + host + "]"; // IPv6
        }
        return URI.create("http://" + host + ":" + address.getPort() + PREFIX);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().add("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            Path file = servedFile(exchange.getRequestURI().getPath());
            if (file == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
            if (method.equals("HEAD")) {
                exchange.getResponseHeaders()
                        .add("Content-Length", Long.toString(Files.size(file)));
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            byte[] bytes = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(bytes);
            }
        }
    }

    /** The file a decoded request path names, if the model's manifest lists it; null otherwise. */
    Path servedFile(String path) {
        if (path == null || !path.startsWith(PREFIX)) {
            return null;
        }
        String rest = path.substring(PREFIX.length()); // decoded: %2e%2e is '..' here
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            return null;
        }
        String model = rest.substring(0, slash);
        String relative = rest.substring(slash + 1);
        if (!MODEL_ID.matcher(model).matches()) {
            return null;
        }
        Path modelDir = root.resolve(model).normalize();
        Path file = modelDir.resolve(relative).normalize();
        if (!modelDir.startsWith(root)
                || !file.startsWith(modelDir)
                || !Files.isRegularFile(file)) {
            return null;
        }
        ModelManifest manifest;
        try {
            ManifestWatch watch =
                    manifests.computeIfAbsent(
                            model, m -> new ManifestWatch(modelDir.resolve(ManifestWatch.FILE)));
            watch.refresh();
            manifest = watch.current();
        } catch (ModelIntegrityException e) {
            manifests.remove(model);
            return null;
        }
        String listed = modelDir.relativize(file).toString().replace('\\', '/');
        boolean served =
                manifest.versions().stream()
                        .flatMap(v -> manifest.slices(v.id()).stream())
                        .anyMatch(s -> s.file().equals(listed));
        return served ? file : null;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
