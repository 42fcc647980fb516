package io.tandem.jobs.tail;

import io.tandem.jobs.tail.TailRecords.BatchRun;
import io.tandem.models.Tensor;
import io.tandem.models.repository.SliceKey;
import io.tandem.schema.DeadLetter;
import io.tandem.schema.EdgeLoad;
import io.tandem.schema.InferenceResult;
import io.tandem.schema.MonitorEvent;
import io.tandem.schema.RequestLatency;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.FlinkRuntimeException;
import org.apache.flink.util.OutputTag;

/**
 * Runs tail slices on the edge. Requests queue per slice in a {@link WeightedFairBatcher}; a batch
 * is ready when it is full or its oldest request has waited the max queue delay (a processing-time
 * timer), and ready batches go, in weighted-fair order by each device's compute share, to the
 * {@code instances} ONNX Runtime workers as they free up (Triton's model instances; each holds one
 * batch running and one waiting). Results come back through the task's mailbox, so all state is
 * touched by the task thread only. While the queue holds {@code queueCapacity} requests the
 * operator yields instead of taking input, which backpressures the source; and because the queue
 * builds while the workers are busy, a contended edge serves devices by their shares, not by their
 * arrival rates. Before every checkpoint barrier the queue and the workers are drained, so no
 * request lives only in memory across a checkpoint: with the Kafka source's offsets and a
 * transactional sink, every frame is answered exactly once.
 *
 * <p>Emits one {@link InferenceResult} per request, and on {@link #MONITORING} a {@link
 * RequestLatency} per request and an {@link EdgeLoad} every load window ({@link TailRecords},
 * {@link EdgeLoadWindow}). What runs the slices, where batches run and the clock results are
 * stamped with are injected ({@link TailRunner}, {@link TailWorkers}, {@link TailClock}).
 */
public final class TailInferenceOperator extends AbstractStreamOperator<InferenceResult>
        implements OneInputStreamOperator<TailRequest, InferenceResult>, BoundedOneInput {

    private static final long serialVersionUID = 1L;

    /** Requests ONNX Runtime failed on, alone as well as in their batch. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("tail-dead-letters", new AvroTypeInfo<>(DeadLetter.class));

    public static final OutputTag<MonitorEvent> MONITORING =
            new OutputTag<>("monitoring", new AvroTypeInfo<>(MonitorEvent.class));

    /**
     * Batches in flight per instance: one running and one waiting, so a worker that finishes starts
     * the next batch at once instead of idling while its results travel back to the task thread and
     * the next batch travels out (at batch 1 that round trip was a fifth of the request).
     */
    static final int BATCHES_PER_INSTANCE = 2;

    private final TailRunner.Factory runners;
    private final TailSettings settings;
    private final TailWorkers workerPool;
    private final TailClock clock;

    private transient MailboxExecutor mailbox;
    private transient TailRunner runner;
    private transient Executor workers;

    /** Batches handed to the workers, running or waiting for a worker. */
    private transient int batchesInFlight;

    // Read once in open(): the settings are a map of values, and these are read per record.
    private transient int instances;
    private transient int queueCapacity;
    private transient WeightedFairBatcher<TailRequest> batcher;
    private transient long timerAtMillis;
    private transient String source;
    private transient EdgeLoadWindow loadWindow;
    private transient Histogram batchSizes;
    private transient Histogram queueMicros;
    private transient Histogram computeMicros;
    private transient TailMetrics perVersion;

    /**
     * The job's operator: ONNX Runtime on the repository's model, a worker thread per instance, the
     * wall clock.
     */
    public TailInferenceOperator(String modelRoot, String modelId, TailSettings settings) {
        this(
                OnnxTailRunner.factory(modelRoot, modelId),
                settings,
                TailWorkers.THREADS,
                TailClock.SYSTEM);
    }

    public TailInferenceOperator(
            TailRunner.Factory runners,
            TailSettings settings,
            TailWorkers workers,
            TailClock clock) {
        this.runners = runners;
        this.settings = settings;
        this.workerPool = workers;
        this.clock = clock;
    }

    @Override
    public void setMailboxExecutor(MailboxExecutor mailboxExecutor) {
        super.setMailboxExecutor(mailboxExecutor);
        this.mailbox = mailboxExecutor;
    }

    @Override
    public void open() throws Exception {
        super.open();
        if (mailbox == null) {
            throw new IllegalStateException("the tail operator needs the task's mailbox executor");
        }
        int slots = Math.max(1, getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks());
        instances = settings.instances();
        queueCapacity = settings.queueCapacity();
        runner = runners.open(settings.threadsFor(slots * instances));
        runner.warmUp();
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        workers = workerPool.start(instances, "tail-worker-" + subtask);
        batcher = new WeightedFairBatcher<>(settings.maxBatch(), settings.maxDelayMicros());
        source = "edge/tail-" + subtask;
        timerAtMillis = Long.MAX_VALUE;
        batchSizes =
                getMetricGroup().histogram("batchSize", new DescriptiveStatisticsHistogram(1000));
        queueMicros =
                getMetricGroup().histogram("queueMicros", new DescriptiveStatisticsHistogram(1000));
        computeMicros =
                getMetricGroup()
                        .histogram("computeMicros", new DescriptiveStatisticsHistogram(1000));
        getMetricGroup().gauge("queued", () -> batcher.size());
        perVersion = new TailMetrics(getMetricGroup());
        loadWindow = new EdgeLoadWindow(instances, now());
        getProcessingTimeService()
                .registerTimer(now() + settings.loadWindowMillis(), this::reportLoad);
    }

    @Override
    public void processElement(StreamRecord<TailRequest> element) throws Exception {
        TailRequest r = element.getValue();
        SliceKey slice = r.slice();
        batcher.add(
                r, slice.toString(), r.deviceId, r.computeShare, runner.cost(slice), now() * 1000);
        dispatch(false);
        while (batcher.size() >= queueCapacity) {
            mailbox.yield(); // a worker finishing frees room; meanwhile the source waits
            dispatch(false);
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        drain();
    }

    @Override
    public void endInput() throws Exception {
        drain();
    }

    @Override
    public void close() throws Exception {
        if (workers instanceof ExecutorService pool) {
            pool.shutdownNow();
        }
        if (runner != null) {
            runner.close();
        }
        super.close();
    }

    /** Runs everything queued, whether due or not, and waits for the workers. */
    private void drain() throws InterruptedException {
        while (batcher.size() > 0 || batchesInFlight > 0) {
            dispatch(true);
            if (batchesInFlight > 0) {
                mailbox.yield();
            }
        }
    }

    /**
     * Hands ready batches to free workers, smallest finish tag first; arms the timer for the next
     * due one.
     */
    private void dispatch(boolean flush) {
        WeightedFairBatcher.Batch<TailRequest> batch;
        while (batchesInFlight < BATCHES_PER_INSTANCE * instances
                && (batch = batcher.next(now() * 1000, flush)) != null) {
            batchesInFlight++;
            WeightedFairBatcher.Batch<TailRequest> running = batch;
            workers.execute(() -> runOnWorker(running));
        }
        long due = batcher.nextDueMicros();
        if (due != Long.MAX_VALUE && batchesInFlight < BATCHES_PER_INSTANCE * instances) {
            long dueMillis = (due + 999) / 1000;
            if (dueMillis < timerAtMillis) {
                timerAtMillis = dueMillis;
                getProcessingTimeService()
                        .registerTimer(
                                dueMillis,
                                t -> {
                                    timerAtMillis = Long.MAX_VALUE;
                                    dispatch(false);
                                });
            }
        }
    }

    /** On a worker thread: ORT only; everything else goes back to the task thread as a mail. */
    private void runOnWorker(WeightedFairBatcher.Batch<TailRequest> batch) {
        List<Tensor> features = new ArrayList<>(batch.requests().size());
        batch.requests().forEach(r -> features.add(r.tensor()));
        long started = clock.nowMicros();
        BatchAttempt attempt;
        try {
            attempt = BatchAttempt.run(runner, batch.requests().get(0).slice(), features);
        } catch (Throwable fatal) {
            // An Error in the runtime itself, not one frame's: fail the task (it restarts from the
            // last checkpoint) rather than leave a worker counted busy forever.
            mailbox.execute(
                    () -> {
                        batchesInFlight--;
                        throw new FlinkRuntimeException(
                                "tail worker failed on " + batch.slice(), fatal);
                    },
                    "tail worker failed");
            return;
        }
        BatchRun run = new BatchRun(started, clock.nowMicros(), batch.requests().size());
        mailbox.execute(
                () -> {
                    batchesInFlight--;
                    // The next batch first: the worker runs it while this thread emits the
                    // results, instead of idling until they are serialized.
                    dispatch(false);
                    completed(batch, attempt, run);
                },
                "tail batch done");
    }

    private void completed(
            WeightedFairBatcher.Batch<TailRequest> batch, BatchAttempt attempt, BatchRun run) {
        long busyMicros = run.doneMicros() - run.startedMicros();
        loadWindow.ran(busyMicros, run.size());
        batchSizes.update(run.size());
        computeMicros.update(busyMicros);
        TailRequest first = batch.requests().get(0);
        TailMetrics.Version metrics = perVersion.of(first.modelId, first.version);
        metrics.executions.inc();
        metrics.batchSize.update(run.size());
        for (int i = 0; i < run.size(); i++) {
            TailRequest r = batch.requests().get(i);
            if (attempt.failed(i)) {
                metrics.requestFailure.inc();
                output.collect(
                        DEAD_LETTERS,
                        new StreamRecord<>(
                                TailRecords.deadLetter(r, attempt.errors().get(i), run)));
                continue;
            }
            queueMicros.update(run.startedMicros() - r.receivedAtMicros);
            metrics.requestSuccess.inc();
            metrics.queueDurationUs.update(run.startedMicros() - r.receivedAtMicros);
            metrics.computeDurationUs.update(busyMicros);
            output.collect(new StreamRecord<>(TailRecords.result(r, attempt.logits().get(i), run)));
            output.collect(MONITORING, new StreamRecord<>(TailRecords.latency(source, r, run)));
        }
    }

    private void reportLoad(long timestamp) {
        runner.refresh(); // once a load window: versions published since warm up in the background
        EdgeLoad load = loadWindow.close(timestamp, batcher.queueLengths());
        output.collect(
                MONITORING,
                new StreamRecord<>(
                        MonitorEvent.newBuilder()
                                .setEventTimeMicros(clock.nowMicros())
                                .setSource(source)
                                .setBody(load)
                                .build()));
        getProcessingTimeService()
                .registerTimer(timestamp + settings.loadWindowMillis(), this::reportLoad);
    }

    private long now() {
        return getProcessingTimeService().getCurrentProcessingTime();
    }
}
