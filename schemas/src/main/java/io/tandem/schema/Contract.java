package io.tandem.schema;

import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** The top-level records of Tandem's Avro contract: each is the value type of one topic. */
public final class Contract {

    public static final List<Class<? extends SpecificRecord>> RECORDS =
            List.of(
                    FeatureFrame.class,
                    Telemetry.class,
                    Plan.class,
                    InferenceResult.class,
                    MonitorEvent.class,
                    DeadLetter.class,
                    ModelAnnouncement.class);

    /** The package every JVM must trust for Avro to instantiate generated classes. */
    public static final String PACKAGE = "io.tandem.schema";

    private Contract() {}
}
