package io.tandem.planner.profile;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A per-block profile in Scission's format: consecutive blocks of a DNN, each with its measured
 * execution time per platform and the size of its output tensor.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScissionProfile(
        String model, long inputBytesDefault, Map<String, String> platforms, List<Block> blocks) {

    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Block(int index, long outputBytes, Map<String, Double> seconds) {}

    public static ScissionProfile read(Path file) {
        ScissionProfile profile;
        try {
            profile = JSON.readValue(file.toFile(), ScissionProfile.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read profile " + file + ": " + e.getMessage(), e);
        }
        if (profile.blocks() == null || profile.blocks().isEmpty()) {
            throw new IllegalArgumentException("profile " + file + " has no blocks");
        }
        return profile;
    }

    public int blockCount() {
        return blocks.size();
    }

    /**
     * Seconds of block {@code i} on {@code platform}; a clear error for a platform the profile
     * lacks.
     */
    public double seconds(int i, String platform) {
        Double s = blocks.get(i).seconds().get(platform);
        if (s == null) {
            throw new IllegalArgumentException(
                    "profile "
                            + model
                            + " has no timings for platform '"
                            + platform
                            + "'; it has "
                            + blocks.get(i).seconds().keySet());
        }
        return s;
    }
}
