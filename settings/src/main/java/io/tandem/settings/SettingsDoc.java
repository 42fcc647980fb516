package io.tandem.settings;

import java.util.ArrayList;
import java.util.List;

/** Usage lines and a Markdown table of settings, both written from their declarations. */
public final class SettingsDoc {

    private SettingsDoc() {}

    /** One line per setting: flag, environment variable, meaning, default. */
    public static List<String> usage(List<Setting<?>> settings) {
        List<String> lines = new ArrayList<>();
        for (Setting<?> s : settings) {
            lines.add(
                    String.format(
                            "  %-28s %-32s %s (default %s)",
                            s.flag() + " VALUE",
                            "(" + s.environmentVariable() + ")",
                            s.description(),
                            printedDefault(s)));
        }
        return lines;
    }

    /** A Markdown table: flag, environment variable, default, accepted values, meaning. */
    public static String markdownTable(List<Setting<?>> settings) {
        StringBuilder table =
                new StringBuilder(
                        "| flag | environment | default | accepts | meaning |\n"
                                + "|---|---|---|---|---|\n");
        for (Setting<?> s : settings) {
            table.append("| `")
                    .append(s.flag())
                    .append("` | `")
                    .append(s.environmentVariable())
                    .append("` | `")
                    .append(printedDefault(s))
                    .append("` | ")
                    .append(s.rule().replace("|", "\\|"))
                    .append(" | ")
                    .append(s.description().replace("|", "\\|"))
                    .append(" |\n");
        }
        return table.toString();
    }

    private static <T> String printedDefault(Setting<T> s) {
        String text = s.print(s.defaultValue());
        return text.isEmpty() ? "(none)" : text;
    }
}
