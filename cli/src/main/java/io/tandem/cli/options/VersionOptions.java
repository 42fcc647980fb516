package io.tandem.cli.options;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * One version of a model, and the Kafka the models topic is on: what {@code models publish} and
 * {@code models withdraw} take. Its own {@code -h}: the standard mixin's {@code --version} (print
 * the tool's version) would shadow the model version.
 */
public final class VersionOptions {

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;

    @Mixin ModelOptions models;

    @Mixin KafkaOptions kafka;

    @Option(names = "--version", required = true, paramLabel = "ID", description = "The version.")
    String version;

    public ModelOptions models() {
        return models;
    }

    public KafkaOptions kafka() {
        return kafka;
    }

    public String version() {
        return version;
    }
}
