package io.tandem.settings;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One setting, declared once (in the style of Flink's {@code ConfigOption}): its key, default,
 * meaning and the values it accepts. The command-line flag ({@code --key}), the environment
 * variable ({@code TANDEM_KEY}), the usage line and the documentation row all follow from it.
 *
 * <p>Values are immutable and serializable ({@link Integer}, {@link Long}, {@link Double}, {@link
 * Boolean}, {@link String}, enums, {@code List.of(...)}), so a {@link SettingValues} holding them
 * can travel inside a Flink function.
 *
 * @param <T> the value's type
 */
public final class Setting<T> {

    private static final String ENVIRONMENT_PREFIX = "TANDEM_";

    private final String key;
    private final T defaultValue;
    private final String description;
    private final Function<String, T> parser;
    private final Function<T, String> printer;
    private final Predicate<T> accepts;
    private final String rule;

    private Setting(
            String key,
            T defaultValue,
            String description,
            Function<String, T> parser,
            Function<T, String> printer,
            Predicate<T> accepts,
            String rule) {
        if (!key.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException(
                    "a setting key is lower-case words joined by '-': " + key);
        }
        this.key = key;
        this.defaultValue = Objects.requireNonNull(defaultValue, key);
        this.description = description;
        this.parser = parser;
        this.printer = printer;
        this.accepts = accepts;
        this.rule = rule;
        check(defaultValue);
    }

    public static Setting<Integer> integer(String key, int defaultValue, String description) {
        return new Setting<>(
                key,
                defaultValue,
                description,
                text -> parse(text, Integer::valueOf, "an integer"),
                String::valueOf,
                v -> true,
                null);
    }

    public static Setting<Long> longInteger(String key, long defaultValue, String description) {
        return new Setting<>(
                key,
                defaultValue,
                description,
                text -> parse(text, Long::valueOf, "an integer"),
                String::valueOf,
                v -> true,
                null);
    }

    public static Setting<Double> real(String key, double defaultValue, String description) {
        return new Setting<>(
                key,
                defaultValue,
                description,
                text -> parse(text, Double::valueOf, "a number"),
                Setting::printReal,
                v -> !v.isNaN() && !v.isInfinite(),
                null);
    }

    public static Setting<String> text(String key, String defaultValue, String description) {
        return new Setting<>(
                key, defaultValue, description, text -> text, text -> text, v -> true, null);
    }

    /** {@code true} or {@code false}. */
    public static Setting<Boolean> onOff(String key, boolean defaultValue, String description) {
        return choice(key, defaultValue, description, Map.of("true", true, "false", false));
    }

    /** A comma-separated list of words (blank: none). */
    public static Setting<List<String>> words(
            String key, List<String> defaultValue, String description) {
        return new Setting<>(
                key,
                List.copyOf(defaultValue),
                description,
                text ->
                        text.isBlank()
                                ? List.of()
                                : Arrays.stream(text.split(",")).map(String::trim).toList(),
                list -> String.join(",", list),
                v -> true,
                null);
    }

    /**
     * One of named values, e.g. {@code exactly-once} for an enum constant; names are matched
     * without case.
     */
    public static <T> Setting<T> choice(
            String key, T defaultValue, String description, Map<String, T> byName) {
        Map<String, T> names = new LinkedHashMap<>();
        byName.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> names.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
        Function<String, T> parser =
                text -> {
                    T value = names.get(text.toLowerCase(Locale.ROOT));
                    if (value == null) {
                        throw new IllegalArgumentException(
                                "is one of "
                                        + String.join(", ", names.keySet())
                                        + ", not '"
                                        + text
                                        + "'");
                    }
                    return value;
                };
        Function<T, String> printer =
                value ->
                        names.entrySet().stream()
                                .filter(e -> e.getValue().equals(value))
                                .map(Map.Entry::getKey)
                                .findFirst()
                                .orElse(String.valueOf(value));
        return new Setting<>(
                key,
                defaultValue,
                description,
                parser,
                printer,
                names::containsValue,
                "one of " + String.join(", ", names.keySet()));
    }

    /**
     * This setting, accepting only values {@code test} passes; {@code rule} says which, for errors
     * and docs.
     */
    public Setting<T> accepting(Predicate<T> test, String rule) {
        return new Setting<>(
                key, defaultValue, description, parser, printer, accepts.and(test), rule);
    }

    /** Numbers no smaller than {@code min}. */
    public Setting<T> atLeast(double min) {
        return accepting(v -> ((Number) v).doubleValue() >= min, ">= " + printReal(min));
    }

    /** Numbers greater than {@code min}. */
    public Setting<T> above(double min) {
        return accepting(v -> ((Number) v).doubleValue() > min, "> " + printReal(min));
    }

    /** Text among {@code allowed}. */
    public Setting<T> oneOf(List<T> allowed) {
        List<T> copy = List.copyOf(allowed);
        return accepting(
                copy::contains, "one of " + String.join(", ", copy.stream().map(printer).toList()));
    }

    public String key() {
        return key;
    }

    public String flag() {
        return "--" + key;
    }

    public String environmentVariable() {
        return ENVIRONMENT_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    public T defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** What values are accepted, for docs; empty when any value of the type is. */
    public String rule() {
        return rule == null ? "" : rule;
    }

    /** The value as a user writes it. */
    public String print(T value) {
        return printer.apply(value);
    }

    /**
     * Reads a value as a user writes it; the message of a failure names this setting and says what
     * is expected.
     */
    public T parse(String text) {
        T value;
        try {
            value = parser.apply(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag() + " " + e.getMessage(), e);
        }
        return check(value);
    }

    /** The value, if this setting accepts it. */
    public T check(T value) {
        if (value == null || !accepts.test(value)) {
            throw new IllegalArgumentException(
                    flag()
                            + " must be "
                            + (rule == null ? "a valid value" : rule)
                            + ", not "
                            + (value == null ? "empty" : printer.apply(value)));
        }
        return value;
    }

    @Override
    public String toString() {
        return key;
    }

    private static <N> N parse(String text, Function<String, N> parser, String what) {
        try {
            return parser.apply(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be " + what + ", not '" + text + "'");
        }
    }

    private static String printReal(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : Double.toString(value);
    }
}
