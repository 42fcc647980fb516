package io.tandem.jobs.tail;

import java.io.Serializable;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * Where the tail operator's batches run: by default a pool of {@code instances} daemon threads
 * (Triton's model instances); a test may run them on the task thread for determinism.
 */
@FunctionalInterface
public interface TailWorkers extends Serializable {

    TailWorkers THREADS =
            (instances, name) ->
                    Executors.newFixedThreadPool(
                            instances,
                            r -> {
                                Thread t = new Thread(r, name);
                                t.setDaemon(true);
                                return t;
                            });

    /**
     * An executor for {@code instances} batches at once; an {@code ExecutorService} is shut down
     * with the operator.
     */
    Executor start(int instances, String threadName);
}
