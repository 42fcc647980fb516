package io.tandem.settings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads settings from the environment and from command-line flags ({@code --key value} or {@code
 * --key=value}): flags win over the environment, which wins over the declared defaults. An unknown
 * flag or a bad value is an {@link IllegalArgumentException} with a one-line message.
 */
public final class SettingsReader {

    private final Map<String, Setting<?>> byFlag = new LinkedHashMap<>();

    public SettingsReader(List<Setting<?>> known) {
        for (Setting<?> s : known) {
            if (byFlag.put(s.flag(), s) != null) {
                throw new IllegalArgumentException("setting declared twice: " + s.key());
            }
        }
    }

    public SettingValues read(String[] args, Map<String, String> environment) {
        SettingValues values = SettingValues.DEFAULTS;
        for (Setting<?> s : byFlag.values()) {
            String text = environment.get(s.environmentVariable());
            if (text != null && !text.isBlank()) {
                values = set(values, s, text, s.environmentVariable());
            }
        }
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String text = null;
            int eq = flag.indexOf('=');
            if (eq > 0) {
                text = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            }
            Setting<?> s = byFlag.get(flag);
            if (s == null) {
                throw new IllegalArgumentException(
                        "unknown option '"
                                + flag
                                + "'; known: "
                                + String.join(", ", byFlag.keySet()));
            }
            if (text == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + flag + " needs a value");
                }
                text = args[++i];
            }
            values = set(values, s, text, flag);
        }
        return values;
    }

    private static <T> SettingValues set(
            SettingValues values, Setting<T> setting, String text, String source) {
        try {
            return values.with(setting, setting.parse(text));
        } catch (IllegalArgumentException e) {
            // The environment variable, when that is where the value came from, is what the user
            // must fix.
            throw new IllegalArgumentException(
                    source.equals(setting.flag()) ? e.getMessage() : source + ": " + e.getMessage(),
                    e);
        }
    }
}
