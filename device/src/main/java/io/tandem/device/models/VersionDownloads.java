package io.tandem.device.models;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.models.distribution.ModelAnnouncements;
import io.tandem.models.distribution.SliceDownloader;
import io.tandem.models.repository.ManifestWatch;
import io.tandem.models.repository.ModelIntegrityException;
import io.tandem.models.repository.ModelManifest;
import io.tandem.models.repository.ModelRepository;
import io.tandem.models.repository.SliceKey;
import io.tandem.schema.ModelAnnouncement;
import io.tandem.schema.ModelFile;
import io.tandem.schema.ModelState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The versions one device downloads: the announcements it has read (their SHA-256s are the only
 * ones it trusts), a cache directory {@code <cache>/<model>/} with a manifest of the versions it
 * fetched and the head slices it needs, and one background thread that fetches, verifies and loads
 * a slice while the device keeps running its current plan. A slice counts as held once its session
 * is loaded. The cache keeps at most {@code maxVersions} downloaded versions; the least recently
 * planned one goes first, never the one in use. A download that fails its SHA-256 is refused,
 * counted and never loaded or retried for that announcement.
 */
public final class VersionDownloads implements AutoCloseable {

    /** How long after a failed (not refused) download the slice is tried again. */
    static final long RETRY_NANOS = 5_000_000_000L;

    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final String modelId;
    private final Path modelDir;
    private final JsonNode installedManifest;
    private final SliceDownloader downloader;
    private final int maxVersions;
    private final Consumer<String> log;
    private final ExecutorService worker;

    private final Map<String, ModelAnnouncement> announced = new HashMap<>();

    /** Downloaded versions, least recently planned first. */
    private final LinkedHashMap<String, ModelAnnouncement> cached =
            new LinkedHashMap<>(16, 0.75f, true);

    private final Set<SliceKey> loaded = new HashSet<>();
    private final Set<SliceKey> inFlight = new HashSet<>();
    private final Map<SliceKey, String> refusedSlices = new HashMap<>();

    /** When a slice whose download failed (no server, no network) may be tried again, nanos. */
    private final Map<SliceKey, Long> retryAfter = new HashMap<>();

    private int refusedDownloads;
    private String lastUsed;
    private ModelRepository repository;

    /**
     * @param installed the device's own repository (its manifest's shape is the cache's)
     * @param cacheRoot where downloads go, one directory per model
     * @param log where one-line notices go (a refused download, an eviction)
     */
    public VersionDownloads(
            ModelRepository installed,
            Path cacheRoot,
            SliceDownloader downloader,
            int maxVersions,
            Consumer<String> log) {
        this.modelId = installed.manifest().model();
        this.modelDir = cacheRoot.resolve(modelId).toAbsolutePath().normalize();
        this.downloader = downloader;
        this.maxVersions = Math.max(1, maxVersions);
        this.log = log;
        try {
            this.installedManifest =
                    JSON.readTree(installed.directory().resolve(ManifestWatch.FILE).toFile());
            Files.createDirectories(modelDir);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot prepare the model cache " + modelDir + ": " + e.getMessage(), e);
        }
        this.worker =
                Executors.newSingleThreadExecutor(
                        r -> {
                            Thread t = new Thread(r, "model-download");
                            t.setDaemon(true);
                            return t;
                        });
    }

    /**
     * Takes in an announcement from the models topic; the later record per version counts (the
     * topic's order, as compaction keeps it). One that announces other files for a version forgets
     * what the device held (unless it runs it now), refused or waited for of it: the new files are
     * fetched afresh.
     */
    public synchronized void announce(ModelAnnouncement a) {
        if (!modelId.equals(a.getModelId().toString())) {
            return;
        }
        String version = a.getVersion().toString();
        ModelAnnouncement before = announced.put(version, a);
        if (before != null
                && !ModelAnnouncements.shaByPath(before).equals(ModelAnnouncements.shaByPath(a))) {
            refusedSlices.keySet().removeIf(k -> k.version().equals(version));
            retryAfter.keySet().removeIf(k -> k.version().equals(version));
            if (cached.containsKey(version) && !version.equals(lastUsed)) {
                try {
                    evict(version);
                    writeManifest();
                } catch (IOException e) {
                    log.accept("could not forget " + version + ": " + e.getMessage());
                }
            }
        }
    }

    /** The device runs a frame on {@code version}: it is in use and stays cached. */
    public synchronized void touch(String version) {
        if (cached.get(version) != null) { // get: access order, least recently used first
            lastUsed = version;
        }
    }

    /**
     * Whether the device holds the slice, is fetching it (started now if need be), or never will.
     */
    public synchronized Readiness readiness(SliceKey key) {
        if (loaded.contains(key)) {
            cached.get(key.version()); // touch: recently planned
            return Readiness.READY;
        }
        ModelAnnouncement a = announced.get(key.version());
        if (a == null) {
            return Readiness.pending("waiting for the announcement of version " + key.version());
        }
        if (a.getState() != ModelState.PUBLISHED) {
            return Readiness.refused("version " + key.version() + " is withdrawn");
        }
        String refusal = refusedSlices.get(key);
        if (refusal != null) {
            return Readiness.refused(refusal);
        }
        Long retry = retryAfter.get(key);
        if (retry != null && System.nanoTime() < retry) {
            return Readiness.pending(
                    "repository unreachable; retrying " + key.version() + " later");
        }
        if (inFlight.add(key)) {
            worker.execute(() -> fetch(key, a));
        }
        return Readiness.pending("downloading version " + key.version());
    }

    /** The repository the downloaded versions load from (null before the first download). */
    public synchronized ModelRepository repository() {
        return repository;
    }

    /** Versions with at least one slice downloaded, verified and loaded. */
    public synchronized Set<String> heldVersions() {
        Set<String> held = new TreeSet<>();
        loaded.forEach(k -> held.add(k.version()));
        return held;
    }

    /** A version being fetched, if any. */
    public synchronized Optional<String> pendingVersion() {
        return inFlight.stream().map(SliceKey::version).findFirst();
    }

    /** Downloads refused so far for not matching their announced SHA-256. */
    public synchronized int refusedDownloads() {
        return refusedDownloads;
    }

    /** On the worker thread: fetch the slice's head, verify it, add its version, load it. */
    private void fetch(SliceKey key, ModelAnnouncement a) {
        ModelManifest.Variant variant;
        try {
            ModelManifest.Version entry =
                    JSON.treeToValue(
                            JSON.readTree(a.getManifestEntry().toString()),
                            ModelManifest.Version.class);
            variant =
                    entry.partition(key.partition())
                            .variant(key.kind())
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    "no " + key.kind() + " variant for " + key));
        } catch (IOException | RuntimeException e) {
            // Not the network: the announcement itself names no such slice. Never retried.
            synchronized (this) {
                refusedSlices.put(key, "the announcement has no usable entry: " + e.getMessage());
                inFlight.remove(key);
            }
            log.accept("refused " + key + ": its announcement has no usable entry");
            return;
        }
        try {
            if (variant.head() != null) {
                ModelFile file = announcedFile(a, variant.head());
                downloader.download(modelId, file, modelDir);
            }
            ModelRepository loadedFrom = withVersion(a);
            loadedFrom.head(key); // loads the session: held only once it can run
            synchronized (this) {
                loaded.add(key);
                inFlight.remove(key);
            }
        } catch (ModelIntegrityException e) {
            synchronized (this) {
                refusedDownloads++;
                refusedSlices.put(key, e.getMessage());
                inFlight.remove(key);
            }
            log.accept("refused a download of " + key + ": " + e.getMessage());
        } catch (RuntimeException | IOException e) {
            synchronized (this) {
                // The server was unreachable: the device keeps its plan and tries again later.
                inFlight.remove(key);
                retryAfter.put(key, System.nanoTime() + RETRY_NANOS);
            }
            log.accept("could not download " + key + ": " + e.getMessage());
        }
    }

    /** The announced file a slice names: its SHA-256 must be the manifest entry's too. */
    private static ModelFile announcedFile(ModelAnnouncement a, ModelManifest.Slice slice) {
        for (ModelFile f : a.getFiles()) {
            if (f.getPath().toString().equals(slice.file())) {
                if (!f.getSha256().toString().equalsIgnoreCase(slice.sha256())) {
                    throw new ModelIntegrityException(
                            "announcement of "
                                    + ModelAnnouncements.key(a)
                                    + " disagrees with itself on "
                                    + slice.file());
                }
                return f;
            }
        }
        throw new ModelIntegrityException(
                "announcement of " + ModelAnnouncements.key(a) + " lists no file " + slice.file());
    }

    /**
     * Adds the version to the cache's manifest (evicting the oldest beyond the bound) and reopens
     * it.
     */
    private synchronized ModelRepository withVersion(ModelAnnouncement a) throws IOException {
        String version = a.getVersion().toString();
        cached.put(version, a);
        // Least recently used first, never the one the device runs nor the one just added.
        List<String> candidates = new ArrayList<>(cached.keySet());
        for (String oldest : candidates) {
            if (cached.size() <= maxVersions) {
                break;
            }
            if (!oldest.equals(version) && !oldest.equals(lastUsed)) {
                evict(oldest);
            }
        }
        writeManifest();
        if (repository == null) {
            repository = ModelRepository.open(modelDir.getParent(), modelId, 1);
        }
        // Not reopened: sessions in use stay open; the repository reads the new manifest itself.
        return repository;
    }

    private void evict(String version) throws IOException {
        if (repository != null && repository.hasVersion(version)) {
            repository.release(version); // its sessions' native memory
        }
        ModelAnnouncement a = cached.remove(version);
        loaded.removeIf(k -> k.version().equals(version));
        for (ModelFile f : a.getFiles()) {
            Path file = modelDir.resolve(f.getPath().toString()).normalize();
            if (file.startsWith(modelDir)) {
                Files.deleteIfExists(file);
            }
        }
        log.accept("evicted version " + version + " from the model cache");
    }

    private void writeManifest() throws IOException {
        ObjectNode manifest = installedManifest.deepCopy();
        ArrayNode versions = manifest.putArray("versions");
        List<String> ids = new ArrayList<>(cached.keySet());
        ids.sort(Comparator.naturalOrder());
        for (String id : ids) {
            versions.add(JSON.readTree(cached.get(id).getManifestEntry().toString()));
        }
        Path partial = Files.createTempFile(modelDir, ".manifest-", ".part");
        JSON.writerWithDefaultPrettyPrinter().writeValue(partial.toFile(), manifest);
        Files.move(
                partial,
                modelDir.resolve(ManifestWatch.FILE),
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public synchronized void close() {
        worker.shutdownNow();
        if (repository != null) {
            repository.close();
        }
    }
}
