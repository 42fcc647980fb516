package io.tandem.jobs.tail;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Dynamic batching per slice with Triton's semantics, scheduled by weighted fair queueing.
 *
 * <p>A slice's queue is ready to run when it holds {@code maxBatch} requests or its oldest request
 * has waited {@code maxDelayMicros}. Each request gets a virtual finish tag (self-clocked fair
 * queueing): {@code max(V, last tag of its device) + cost / share}, so a device with twice the
 * compute share is served twice as often when the edge is contended, and a device's tags grow with
 * its own backlog, not with other devices'. Among ready slices the one holding the smallest tag
 * runs next, with up to {@code maxBatch} of its smallest-tag requests. Pure: the caller owns the
 * clock.
 */
public final class WeightedFairBatcher<R> {

    /** Shares below this are raised to it: a device without a plan yet is served, slowly. */
    public static final double MIN_SHARE = 0.01;

    private record Entry<R>(
            R request, String device, double tag, long enqueuedAtMicros, long sequence) {}

    /**
     * One slice's waiting requests: by finish tag to serve, and by arrival (served ones skipped
     * lazily) for the delay trigger.
     */
    private static final class SliceQueue<R> {
        final PriorityQueue<Entry<R>> byTag = new PriorityQueue<>(BY_TAG);
        final ArrayDeque<Entry<R>> byArrival = new ArrayDeque<>();
        final Set<Entry<R>> served = Collections.newSetFromMap(new IdentityHashMap<>());

        long oldestMicros() {
            while (served.remove(byArrival.peekFirst())) {
                byArrival.pollFirst();
            }
            return byArrival.isEmpty() ? Long.MAX_VALUE : byArrival.peekFirst().enqueuedAtMicros();
        }

        Entry<R> poll() {
            Entry<R> e = byTag.poll();
            served.add(e);
            return e;
        }
    }

    /** A batch to run: one slice, requests in tag order. */
    public record Batch<R>(String slice, List<R> requests) {}

    private static final Comparator<Entry<?>> BY_TAG =
            Comparator.<Entry<?>>comparingDouble(Entry::tag).thenComparingLong(Entry::sequence);

    private final int maxBatch;
    private final long maxDelayMicros;
    private final Map<String, SliceQueue<R>> queues = new LinkedHashMap<>();
    private final Map<String, Double> lastTag = new HashMap<>();
    private double virtualTime;
    private long sequence;
    private int size;

    public WeightedFairBatcher(int maxBatch, long maxDelayMicros) {
        if (maxBatch < 1 || maxDelayMicros < 0) {
            throw new IllegalArgumentException(
                    "need maxBatch >= 1 and maxDelay >= 0, got "
                            + maxBatch
                            + ", "
                            + maxDelayMicros);
        }
        this.maxBatch = maxBatch;
        this.maxDelayMicros = maxDelayMicros;
    }

    /**
     * Queues a request of {@code device} for {@code slice}.
     *
     * @param share the device's edge-compute share in (0, 1]
     * @param cost the request's relative cost on the edge (e.g. its slice's FLOPs)
     */
    public void add(
            R request, String slice, String device, double share, double cost, long nowMicros) {
        double start = Math.max(virtualTime, lastTag.getOrDefault(device, 0.0));
        double tag = start + Math.max(cost, 1e-12) / Math.max(share, MIN_SHARE);
        lastTag.put(device, tag);
        Entry<R> entry = new Entry<>(request, device, tag, nowMicros, sequence++);
        SliceQueue<R> q = queues.computeIfAbsent(slice, s -> new SliceQueue<>());
        q.byTag.add(entry);
        q.byArrival.addLast(entry);
        size++;
    }

    /**
     * The next batch due at {@code nowMicros}, or null when no slice is ready; {@code flush} makes
     * every slice ready.
     */
    public Batch<R> next(long nowMicros, boolean flush) {
        String best = null;
        double bestTag = Double.POSITIVE_INFINITY;
        for (Map.Entry<String, SliceQueue<R>> e : queues.entrySet()) {
            SliceQueue<R> q = e.getValue();
            if (q.byTag.isEmpty() || !(flush || ready(q, nowMicros))) {
                continue;
            }
            double tag = q.byTag.peek().tag();
            if (tag < bestTag) {
                bestTag = tag;
                best = e.getKey();
            }
        }
        if (best == null) {
            return null;
        }
        SliceQueue<R> q = queues.get(best);
        List<R> batch = new ArrayList<>(Math.min(maxBatch, q.byTag.size()));
        while (!q.byTag.isEmpty() && batch.size() < maxBatch) {
            batch.add(q.poll().request());
        }
        size -= batch.size();
        virtualTime = Math.max(virtualTime, bestTag);
        return new Batch<>(best, batch);
    }

    private boolean ready(SliceQueue<R> q, long nowMicros) {
        return q.byTag.size() >= maxBatch || nowMicros - q.oldestMicros() >= maxDelayMicros;
    }

    /**
     * When the earliest delay trigger fires (epoch microseconds), or {@link Long#MAX_VALUE} with
     * nothing queued.
     */
    public long nextDueMicros() {
        long due = Long.MAX_VALUE;
        for (SliceQueue<R> q : queues.values()) {
            if (!q.byTag.isEmpty()) {
                due = Math.min(due, q.oldestMicros() + maxDelayMicros);
            }
        }
        return due;
    }

    public int size() {
        return size;
    }

    /** Requests waiting per slice. */
    public Map<String, Integer> queueLengths() {
        Map<String, Integer> lengths = new LinkedHashMap<>();
        queues.forEach((slice, q) -> lengths.put(slice, q.byTag.size()));
        return lengths;
    }
}
