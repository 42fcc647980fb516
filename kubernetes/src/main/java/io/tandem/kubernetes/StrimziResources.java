package io.tandem.kubernetes;

import java.util.Locale;

/** What every Strimzi resource Tandem writes shares. */
final class StrimziResources {

    /** The Strimzi API version Tandem's resources are written in. */
    static final String API_VERSION = "kafka.strimzi.io/v1";

    private StrimziResources() {}

    /** {@code name} as a Kubernetes resource name: lower case, other characters as dashes. */
    static String resourceName(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
    }
}
