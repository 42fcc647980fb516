package io.tandem.jobs.tail;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.tandem.models.Tensor;
import io.tandem.models.repository.ModelRepository;
import io.tandem.models.repository.SliceKey;
import io.tandem.schema.EdgeLoad;
import io.tandem.schema.InferenceResult;
import io.tandem.schema.MonitorEvent;
import io.tandem.schema.RequestLatency;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Runs tail slices on the edge. Requests queue per slice in a {@link WeightedFairBatcher}; a batch
 * is ready when it is full or its oldest request has waited the max queue delay (a processing-time
 * timer), and ready batches go, in weighted-fair order by each device's compute share, to the
 * {@code instances} ONNX Runtime workers as they free up (Triton's model instances). Results come
 * back through the task's mailbox, so all state is touched by the task thread only. While the
 * queue holds {@code queueCapacity} requests the operator yields instead of taking input, which
 * backpressures the source; and because the queue builds while the workers are busy, a contended
 * edge serves devices by their shares, not by their arrival rates. Before every checkpoint barrier
 * the queue and the workers are drained, so no request lives only in memory across a checkpoint:
 * with the Kafka source's offsets and a transactional sink, every frame is answered exactly once.
 *
 * <p>Emits one {@link InferenceResult} per request, and on {@link #MONITORING} a
 * {@link RequestLatency} per request and an {@link EdgeLoad} every load window.
 */
public final class TailInferenceOperator extends AbstractStreamOperator<InferenceResult>
        implements OneInputStreamOperator<TailRequest, InferenceResult>, BoundedOneInput {

    private static final long serialVersionUID = 1L;
    private static final int TOP_K = 3;

    public static final OutputTag<MonitorEvent> MONITORING = new OutputTag<>("monitoring", new AvroTypeInfo<>(MonitorEvent.class));

    private final String modelRoot;
    private final String modelId;
    private final TailSettings settings;

    private transient MailboxExecutor mailbox;
    private transient ModelRepository repository;
    private transient TailExecutor executor;
    private transient ExecutorService workers;
    private transient int busyWorkers;
    private transient WeightedFairBatcher<TailRequest> batcher;
    private transient long timerAtMillis;
    private transient String source;
    private transient long windowStartMillis;
    private transient long windowBusyMicros;
    private transient long windowCompleted;
    private transient Histogram batchSizes;
    private transient Histogram queueMicros;
    private transient Histogram computeMicros;

    public TailInferenceOperator(String modelRoot, String modelId, TailSettings settings) {
        this.modelRoot = modelRoot;
        this.modelId = modelId;
        this.settings = settings;
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
        repository = ModelRepository.open(Path.of(modelRoot), modelId, settings.threadsFor(slots * settings.instances()));
        executor = new TailExecutor(repository);
        executor.warmUp();
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        workers = Executors.newFixedThreadPool(settings.instances(), r -> {
            Thread t = new Thread(r, "tail-worker-" + subtask);
            t.setDaemon(true);
            return t;
        });
        batcher = new WeightedFairBatcher<>(settings.maxBatch(), settings.maxDelayMicros());
        source = "edge/tail-" + subtask;
        timerAtMillis = Long.MAX_VALUE;
        batchSizes = getMetricGroup().histogram("batchSize", new DescriptiveStatisticsHistogram(1000));
        queueMicros = getMetricGroup().histogram("queueMicros", new DescriptiveStatisticsHistogram(1000));
        computeMicros = getMetricGroup().histogram("computeMicros", new DescriptiveStatisticsHistogram(1000));
        getMetricGroup().gauge("queued", () -> batcher.size());
        windowStartMillis = now();
        getProcessingTimeService().registerTimer(windowStartMillis + settings.loadWindowMillis(), this::reportLoad);
    }

    @Override
    public void processElement(StreamRecord<TailRequest> element) throws Exception {
        TailRequest r = element.getValue();
        SliceKey slice = r.slice();
        batcher.add(r, slice.toString(), r.deviceId, r.computeShare, executor.cost(slice), now() * 1000);
        dispatch(false);
        while (batcher.size() >= settings.queueCapacity()) {
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
        if (workers != null) {
            workers.shutdownNow();
        }
        if (repository != null) {
            repository.close();
        }
        super.close();
    }

    /** Runs everything queued, whether due or not, and waits for the workers. */
    private void drain() throws InterruptedException {
        while (batcher.size() > 0 || busyWorkers > 0) {
            dispatch(true);
            if (busyWorkers > 0) {
                mailbox.yield();
            }
        }
    }

    /** Hands ready batches to free workers, smallest finish tag first; arms the timer for the next due one. */
    private void dispatch(boolean flush) {
        WeightedFairBatcher.Batch<TailRequest> batch;
        while (busyWorkers < settings.instances() && (batch = batcher.next(now() * 1000, flush)) != null) {
            busyWorkers++;
            WeightedFairBatcher.Batch<TailRequest> running = batch;
            workers.execute(() -> runOnWorker(running));
        }
        long due = batcher.nextDueMicros();
        if (due != Long.MAX_VALUE && busyWorkers < settings.instances()) {
            long dueMillis = (due + 999) / 1000;
            if (dueMillis < timerAtMillis) {
                timerAtMillis = dueMillis;
                getProcessingTimeService().registerTimer(dueMillis, t -> {
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
        long started = wallMicros();
        List<Tensor> logits;
        RuntimeException failure = null;
        try {
            logits = executor.run(batch.requests().get(0).slice(), features);
        } catch (RuntimeException e) {
            logits = null;
            failure = e;
        }
        long done = wallMicros();
        List<Tensor> output = logits;
        RuntimeException error = failure;
        mailbox.execute(() -> {
            busyWorkers--;
            if (error != null) {
                throw new IllegalStateException("tail inference failed on " + batch.slice() + ": " + error.getMessage(), error);
            }
            completed(batch, output, started, done);
            dispatch(false);
        }, "tail batch done");
    }

    private void completed(WeightedFairBatcher.Batch<TailRequest> batch, List<Tensor> logits, long started, long done) {
        int size = batch.requests().size();
        windowBusyMicros += done - started;
        windowCompleted += size;
        batchSizes.update(size);
        computeMicros.update(done - started);
        for (int i = 0; i < size; i++) {
            TailRequest r = batch.requests().get(i);
            queueMicros.update(started - r.receivedAtMicros);
            output.collect(new StreamRecord<>(result(r, logits.get(i), started, done, size)));
            output.collect(MONITORING, new StreamRecord<>(latency(r, started, done, size)));
        }
    }

    private InferenceResult result(TailRequest r, Tensor logits, long started, long done, int batchSize) {
        return InferenceResult.newBuilder()
                .setDeviceId(r.deviceId).setFrameId(r.frameId).setPredictedClass(logits.argmax(0))
                .setTopK(TopClasses.of(logits, TOP_K)).setModelId(r.modelId).setVersion(r.version).setPartition(r.partition)
                .setCodec(r.codec).setPlanEpoch(r.planEpoch).setCapturedAtMicros(r.capturedAtMicros)
                .setHeadDoneAtMicros(r.headDoneAtMicros).setSentAtMicros(r.sentAtMicros).setReceivedAtMicros(r.receivedAtMicros)
                .setTailStartedAtMicros(started).setTailDoneAtMicros(done).setBatchSize(batchSize)
                .build();
    }

    private MonitorEvent latency(TailRequest r, long started, long done, int batchSize) {
        RequestLatency body = RequestLatency.newBuilder()
                .setDeviceId(r.deviceId).setFrameId(r.frameId).setVersion(r.version).setPartition(r.partition).setCodec(r.codec)
                .setPayloadBytes(r.payloadBytes)
                .setHeadMs(millis(r.headDoneAtMicros - r.capturedAtMicros))
                .setUplinkMs(millis(r.receivedAtMicros - r.headDoneAtMicros))
                .setQueueMs(millis(started - r.receivedAtMicros))
                .setEdgeComputeMs(millis(done - started))
                .setTotalMs(millis(done - r.capturedAtMicros))
                .setBatchSize(batchSize)
                .build();
        return MonitorEvent.newBuilder().setEventTimeMicros(done).setSource(source).setBody(body).build();
    }

    private void reportLoad(long timestamp) {
        long window = Math.max(1, timestamp - windowStartMillis);
        EdgeLoad load = EdgeLoad.newBuilder()
                .setWindowMs(window)
                .setUtilization(Math.min(1, windowBusyMicros / (window * 1000.0 * settings.instances())))
                .setRequestsPerSecond(windowCompleted * 1000.0 / window)
                .setQueueLengths(new HashMap<>(batcher.queueLengths()))
                .build();
        output.collect(MONITORING, new StreamRecord<>(MonitorEvent.newBuilder().setEventTimeMicros(wallMicros()).setSource(source)
                .setBody(load).build()));
        windowStartMillis = timestamp;
        windowBusyMicros = 0;
        windowCompleted = 0;
        getProcessingTimeService().registerTimer(timestamp + settings.loadWindowMillis(), this::reportLoad);
    }

    private long now() {
        return getProcessingTimeService().getCurrentProcessingTime();
    }

    private static long wallMicros() {
        Instant now = Instant.now(); // microsecond resolution, unlike currentTimeMillis
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }
}
