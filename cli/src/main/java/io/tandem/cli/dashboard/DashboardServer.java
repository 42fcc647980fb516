package io.tandem.cli.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The dashboard on localhost: {@code /} the single page (no build step, no external scripts),
 * {@code /snapshot} the state as JSON, {@code /events} the same as server-sent events, once a
 * second.
 */
public final class DashboardServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads;
    private final DashboardState state;
    private volatile boolean open = true;

    private DashboardServer(HttpServer server, ExecutorService threads, DashboardState state) {
        this.server = server;
        this.threads = threads;
        this.state = state;
    }

    /** Serves {@code state} on 127.0.0.1:{@code port} (0: any free port). */
    public static DashboardServer start(int port, DashboardState state) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (BindException e) {
            throw new IllegalStateException(
                    "dashboard port "
                            + port
                            + " on 127.0.0.1 is in use; choose another with --dashboard-port"
                            + " (0: any free port, -1: no dashboard)");
        }
        ExecutorService threads =
                Executors.newCachedThreadPool(
                        r -> {
                            Thread t = new Thread(r, "dashboard-http");
                            t.setDaemon(true);
                            return t;
                        });
        DashboardServer dashboard = new DashboardServer(server, threads, state);
        server.setExecutor(threads);
        server.createContext("/", dashboard::page);
        server.createContext("/snapshot", dashboard::snapshot);
        server.createContext("/events", dashboard::events);
        server.start();
        return dashboard;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private void page(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestURI().getPath().equals("/")) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        byte[] page;
        try (InputStream in = DashboardServer.class.getResourceAsStream("/dashboard/index.html")) {
            page = in.readAllBytes();
        }
        send(exchange, "text/html; charset=utf-8", page);
    }

    private void snapshot(HttpExchange exchange) throws IOException {
        send(exchange, "application/json", JSON.writeValueAsBytes(state.snapshot()));
    }

    private void events(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            while (open) {
                out.write(
                        ("data: " + JSON.writeValueAsString(state.snapshot()) + "\n\n")
                                .getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(1_000);
            }
        } catch (IOException | InterruptedException gone) {
            // the browser went away, or the server is stopping
        }
    }

    private static void send(HttpExchange exchange, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        open = false;
        server.stop(0);
        threads.shutdownNow();
    }
}
