package io.tandem.benchmarks;

import io.tandem.jobs.tail.OnnxTailRunner;
import io.tandem.jobs.tail.TailInferenceOperator;
import io.tandem.jobs.tail.TailRequest;
import io.tandem.jobs.tail.TailSettings;
import io.tandem.models.SliceRunner;
import io.tandem.models.Tensor;
import io.tandem.models.codec.FeatureCodec;
import io.tandem.models.eval.LabeledImages;
import io.tandem.models.repository.ModelRepository;
import io.tandem.models.repository.SliceKey;
import io.tandem.schema.InferenceResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Tail throughput: the same slice at the same batch sizes, once through ONNX Runtime directly and
 * once through the tail operator inside a Flink job (a MiniCluster, parallelism 1), with the same
 * ORT threads. Flink's figure counts from the first batch's start to the last batch's end, so job
 * start-up is left out. Usage: {@code java -cp benchmarks.jar
 * io.tandem.benchmarks.TailThroughputBench [zoo dir] [requests] [ORT threads]}.
 */
public final class TailThroughputBench {

    private static final String MODEL = "fmnist-resnet";
    private static final SliceKey SLICE = new SliceKey("w100", 1, false);
    private static final String CODEC = "int8";

    private TailThroughputBench() {}

    public static void main(String[] args) throws Exception {
        Path zoo = Path.of(args.length > 0 ? args[0] : "models/zoo").toAbsolutePath();
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 4_000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        System.out.printf(
                Locale.ROOT,
                "tail %s/%s, %d requests, %d ORT thread(s), %d cores%n",
                SLICE,
                CODEC,
                requests,
                threads,
                Runtime.getRuntime().availableProcessors());
        System.out.printf("%6s %14s %14s %8s%n", "batch", "ORT req/s", "Flink req/s", "ratio");
        double batch1 = 0;
        double batch32 = 0;
        for (int batch : new int[] {1, 8, 32}) {
            double raw = rawOrt(zoo, requests, batch, threads);
            double flink = insideFlink(zoo, requests, batch, threads);
            if (batch == 1) {
                batch1 = flink;
            }
            batch32 = flink;
            System.out.printf(
                    Locale.ROOT, "%6d %14.0f %14.0f %7.2fx%n", batch, raw, flink, flink / raw);
        }
        System.out.printf(
                Locale.ROOT, "inside Flink, batch 32 over batch 1: %.2fx%n", batch32 / batch1);
    }

    private static double rawOrt(Path zoo, int requests, int batch, int threads) {
        try (ModelRepository repository = ModelRepository.open(zoo, MODEL, threads)) {
            List<Tensor> pool = features(repository);
            OnnxTailRunner executor = new OnnxTailRunner(repository);
            executor.run(SLICE, pool.subList(0, batch)); // load and warm the session
            long start = System.nanoTime();
            for (int done = 0; done < requests; done += batch) {
                List<Tensor> inputs = new ArrayList<>(batch);
                for (int i = 0; i < batch; i++) {
                    inputs.add(decodedCopy(pool.get((done + i) % pool.size())));
                }
                executor.run(SLICE, inputs);
            }
            return requests / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static double insideFlink(Path zoo, int requests, int batch, int threads)
            throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());
        TailSettings settings =
                TailSettings.defaults()
                        .with(TailSettings.MAX_BATCH, batch)
                        .with(TailSettings.MAX_DELAY_US, 50_000L)
                        .with(TailSettings.QUEUE_CAPACITY, 4 * batch)
                        .with(TailSettings.INTRA_OP_THREADS, threads);
        List<InferenceResult> results = new ArrayList<>();
        env.fromSequence(0, requests - 1)
                .map(new RequestSource(zoo.toString()))
                .returns(TypeInformation.of(TailRequest.class))
                .transform(
                        "tail",
                        new AvroTypeInfo<>(InferenceResult.class),
                        new TailInferenceOperator(zoo.toString(), MODEL, settings))
                .executeAndCollect()
                .forEachRemaining(results::add);
        // Leave out the first batches: session load and JIT warm-up, which the raw run did before
        // timing.
        List<InferenceResult> timed =
                results.subList(Math.min(results.size() - 1, 4 * batch), results.size());
        long first =
                timed.stream()
                        .mapToLong(InferenceResult::getTailStartedAtMicros)
                        .min()
                        .orElseThrow();
        long last =
                timed.stream().mapToLong(InferenceResult::getTailDoneAtMicros).max().orElseThrow();
        return timed.size() / ((last - first) / 1e6);
    }

    /** Decoding is part of the edge's work per request in both runs. */
    private static Tensor decodedCopy(Tensor t) {
        return new Tensor(t.values().clone(), t.shape());
    }

    /**
     * Real split features: test images through the real head and codec, decoded as the edge would.
     */
    static List<Tensor> features(ModelRepository repository) {
        LabeledImages images = LabeledImages.evaluationSubset(repository);
        FeatureCodec codec = FeatureCodec.of(CODEC);
        List<Tensor> pool = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            Tensor image = images.batch(i, i + 1);
            Tensor head = SliceRunner.run(repository.head(SLICE).orElseThrow(), image);
            pool.add(codec.decode(codec.encode(head)));
        }
        return pool;
    }

    /**
     * Turns sequence numbers into tail requests over a pool of real features, built once per task.
     */
    private static final class RequestSource extends RichMapFunction<Long, TailRequest> {
        private static final long serialVersionUID = 1L;
        private final String zoo;
        private transient List<Tensor> pool;

        RequestSource(String zoo) {
            this.zoo = zoo;
        }

        @Override
        public void open(OpenContext context) {
            try (ModelRepository repository = ModelRepository.open(Path.of(zoo), MODEL, 1)) {
                pool = features(repository);
            }
        }

        @Override
        public TailRequest map(Long i) {
            Tensor t = pool.get((int) (i % pool.size()));
            TailRequest r = new TailRequest();
            r.deviceId = "bench-" + (i % 16);
            r.frameId = i;
            r.modelId = MODEL;
            r.version = SLICE.version();
            r.partition = SLICE.partition();
            r.bottleneck = SLICE.bottleneck();
            r.codec = CODEC;
            r.computeShare = 1.0 / 16;
            long now = System.currentTimeMillis() * 1000;
            r.capturedAtMicros = now;
            r.headDoneAtMicros = now;
            r.sentAtMicros = now;
            r.receivedAtMicros = now;
            r.shape = t.shape();
            r.features = t.values();
            return r;
        }
    }
}
