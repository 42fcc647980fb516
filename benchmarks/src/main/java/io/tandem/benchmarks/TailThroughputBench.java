package io.tandem.benchmarks;

import io.tandem.jobs.EdgeJob;
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
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Tail throughput: the same slice at the same batch sizes, once through ONNX Runtime directly and
 * once through the tail operator inside a Flink job (a MiniCluster, parallelism 1), with the same
 * ORT threads. Flink's figure counts from the first batch's start to the last batch's end, so job
 * start-up is left out. Usage: {@code java -cp benchmarks.jar
 * io.tandem.benchmarks.TailThroughputBench [zoo dir] [requests] [ORT threads]
 * [MODEL:VERSION/PARTITION/CODEC] [runs]}; each figure is the median of the runs.
 */
public final class TailThroughputBench {

    /**
     * The slice measured and the codec its features arrive in (plain fields: it ships with the
     * job).
     */
    record Workload(String model, String version, int partition, String codec)
            implements Serializable {

        /** The zoo's heaviest tail: {@code w100} from partition 1, int8 features. */
        static final Workload DEFAULT = new Workload("fmnist-resnet", "w100", 1, "int8");

        /** {@code MODEL:VERSION/PARTITION/CODEC}, e.g. {@code camera-mnv2:w100/1/int8}. */
        static Workload parse(String text) {
            String[] modelAndSlice = text.split(":", 2);
            String[] parts =
                    modelAndSlice.length == 2 ? modelAndSlice[1].split("/") : new String[0];
            if (parts.length != 3) {
                throw new IllegalArgumentException(
                        "workload '" + text + "': expected MODEL:VERSION/PARTITION/CODEC");
            }
            return new Workload(modelAndSlice[0], parts[0], Integer.parseInt(parts[1]), parts[2]);
        }

        SliceKey slice() {
            return new SliceKey(version, partition, false);
        }
    }

    /**
     * Runs per batch size: one run on a 2-core machine swings by up to a third (a GC or compile
     * landing inside the timed window), the median of three much less.
     */
    private static final int RUNS = 3;

    private TailThroughputBench() {}

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    public static void main(String[] args) throws Exception {
        Path zoo = Path.of(args.length > 0 ? args[0] : "models/zoo").toAbsolutePath();
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 4_000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Workload work = args.length > 3 ? Workload.parse(args[3]) : Workload.DEFAULT;
        int runs = args.length > 4 ? Integer.parseInt(args[4]) : RUNS;
        System.out.printf(
                Locale.ROOT,
                "tail %s %s/%s, %d requests, %d ORT thread(s), %d cores, median of %d runs%n",
                work.model(),
                work.slice(),
                work.codec(),
                requests,
                threads,
                Runtime.getRuntime().availableProcessors(),
                runs);
        System.out.printf("%6s %14s %14s %8s%n", "batch", "ORT req/s", "Flink req/s", "ratio");
        double batch1 = 0;
        double batch32 = 0;
        for (int batch : new int[] {1, 8, 32}) {
            // Alternated, so a slow spell of the machine hits both sides alike.
            double[] raws = new double[runs];
            double[] flinks = new double[runs];
            for (int run = 0; run < runs; run++) {
                raws[run] = rawOrt(zoo, work, requests, batch, threads);
                flinks[run] = insideFlink(zoo, work, requests, batch, threads);
            }
            double raw = median(raws);
            double flink = median(flinks);
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

    private static double rawOrt(Path zoo, Workload work, int requests, int batch, int threads) {
        try (ModelRepository repository = ModelRepository.open(zoo, work.model(), threads)) {
            List<Tensor> pool = features(repository, work);
            OnnxTailRunner executor = new OnnxTailRunner(repository);
            executor.run(work.slice(), pool.subList(0, batch)); // load and warm the session
            long start = System.nanoTime();
            for (int done = 0; done < requests; done += batch) {
                List<Tensor> inputs = new ArrayList<>(batch);
                for (int i = 0; i < batch; i++) {
                    inputs.add(decodedCopy(pool.get((done + i) % pool.size())));
                }
                executor.run(work.slice(), inputs);
            }
            return requests / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static double insideFlink(Path zoo, Workload work, int requests, int batch, int threads)
            throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());
        EdgeJob.passRecordsByReference(env); // as the edge job runs its operators
        TailSettings settings =
                TailSettings.defaults()
                        .with(TailSettings.MAX_BATCH, batch)
                        .with(TailSettings.MAX_DELAY_US, 50_000L)
                        .with(TailSettings.QUEUE_CAPACITY, 4 * batch)
                        .with(TailSettings.INTRA_OP_THREADS, threads);
        TAIL_TIMES.clear();
        env.fromSequence(0, requests - 1)
                .map(new RequestSource(zoo.toString(), work))
                .returns(TypeInformation.of(TailRequest.class))
                .transform(
                        "tail",
                        new AvroTypeInfo<>(InferenceResult.class),
                        new TailInferenceOperator(zoo.toString(), work.model(), settings))
                .map(new TailTimes())
                .sinkTo(new DiscardingSink<>());
        env.execute("tail throughput");
        // Leave out the first batches: session load and JIT warm-up, which the raw run did before
        // timing.
        List<long[]> timed = new ArrayList<>(TAIL_TIMES);
        timed = timed.subList(Math.min(timed.size() - 1, 4 * batch), timed.size());
        long first = timed.stream().mapToLong(t -> t[0]).min().orElseThrow();
        long last = timed.stream().mapToLong(t -> t[1]).max().orElseThrow();
        return timed.size() / ((last - first) / 1e6);
    }

    /**
     * Each result's tail start and end, in arrival order, from the job's last run (it runs in this
     * JVM). A sink that discards, not one collecting to the client: the client's fetches
     * backpressured the job and made its figure swing by a third between runs.
     */
    private static final Queue<long[]> TAIL_TIMES = new ConcurrentLinkedQueue<>();

    private static final class TailTimes implements MapFunction<InferenceResult, InferenceResult> {
        private static final long serialVersionUID = 1L;

        @Override
        public InferenceResult map(InferenceResult r) {
            TAIL_TIMES.add(new long[] {r.getTailStartedAtMicros(), r.getTailDoneAtMicros()});
            return r;
        }
    }

    /** Decoding is part of the edge's work per request in both runs. */
    private static Tensor decodedCopy(Tensor t) {
        return new Tensor(t.values().clone(), t.shape());
    }

    /**
     * Real split features: test images through the real head and codec, decoded as the edge would.
     */
    static List<Tensor> features(ModelRepository repository, Workload work) {
        LabeledImages images = LabeledImages.evaluationSubset(repository);
        FeatureCodec codec = FeatureCodec.of(work.codec());
        List<Tensor> pool = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            Tensor image = images.batch(i, i + 1);
            Tensor head = SliceRunner.run(repository.head(work.slice()).orElseThrow(), image);
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
        private final Workload work;
        private transient List<Tensor> pool;

        RequestSource(String zoo, Workload work) {
            this.zoo = zoo;
            this.work = work;
        }

        @Override
        public void open(OpenContext context) {
            try (ModelRepository repository = ModelRepository.open(Path.of(zoo), work.model(), 1)) {
                pool = features(repository, work);
            }
        }

        @Override
        public TailRequest map(Long i) {
            Tensor t = pool.get((int) (i % pool.size()));
            TailRequest r = new TailRequest();
            r.deviceId = "bench-" + (i % 16);
            r.frameId = i;
            r.modelId = work.model();
            r.version = work.slice().version();
            r.partition = work.slice().partition();
            r.bottleneck = work.slice().bottleneck();
            r.codec = work.codec();
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
