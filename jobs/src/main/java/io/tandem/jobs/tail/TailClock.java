package io.tandem.jobs.tail;

import java.io.Serializable;
import java.time.Instant;

/**
 * The clock results are stamped with (epoch microseconds). Batching runs on Flink's processing-time
 * service, whose timers fire it; the stamps need microseconds and must compare with the devices'
 * own stamps, hence a wall clock of their own, injectable for tests.
 */
@FunctionalInterface
public interface TailClock extends Serializable {

    TailClock SYSTEM =
            () -> {
                Instant now = Instant.now(); // microsecond resolution, unlike currentTimeMillis
                return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
            };

    long nowMicros();
}
