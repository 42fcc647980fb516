package io.tandem.settings;

import java.io.Serializable;
import java.util.TreeMap;

/**
 * Values of settings: those set explicitly, every other one at its declared default. Immutable and
 * serializable, so it can be a field of a Flink function; {@link #with} checks the value.
 */
public final class SettingValues implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final SettingValues DEFAULTS = new SettingValues(new TreeMap<>());

    /** By key; values are the immutable, serializable types {@link Setting} produces. */
    private final TreeMap<String, Object> explicit;

    private SettingValues(TreeMap<String, Object> explicit) {
        this.explicit = explicit;
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        Object value = explicit.get(setting.key());
        return value == null ? setting.defaultValue() : (T) value;
    }

    /** A copy with {@code setting} at {@code value}. */
    public <T> SettingValues with(Setting<T> setting, T value) {
        TreeMap<String, Object> copy = new TreeMap<>(explicit);
        copy.put(setting.key(), setting.check(value));
        return new SettingValues(copy);
    }

    public boolean isSet(Setting<?> setting) {
        return explicit.containsKey(setting.key());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SettingValues other && explicit.equals(other.explicit);
    }

    @Override
    public int hashCode() {
        return explicit.hashCode();
    }

    @Override
    public String toString() {
        return explicit.toString();
    }
}
