package io.tandem.planner.online;

import io.tandem.planner.cost.SplitOption;
import io.tandem.planner.fleet.DeviceClass;
import java.util.List;

/**
 * The split options one model offers a device class: a model zoo manifest, a Scission profile, or a
 * family of profiles. The planner asks it again whenever the edge's calibrated speed changes.
 */
public interface SplitOptionCatalog {

    /** The model's id, as plans name it. */
    String modelId();

    /**
     * Every (version, partition, codec) a device of this class can run, timed at the class's and
     * the edge's speeds.
     */
    List<SplitOption> forClass(DeviceClass deviceClass, double edgeFlops);
}
