package io.tandem.settings;

import java.util.ArrayList;
import java.util.List;

/** Usage lines and a Markdown table of settings, both written from their declarations. */
public final class SettingsDoc {

    /** Terminal width the usage lines fit (picocli wraps longer ones without their indent). */
    private static final int USAGE_WIDTH = 79;

    private static final String DESCRIPTION_INDENT = "      ";

    private SettingsDoc() {}

    /** Per setting: its flag, variable, default and rule; then its meaning, indented. */
    public static List<String> usage(List<Setting<?>> settings) {
        List<String> lines = new ArrayList<>();
        for (Setting<?> s : settings) {
            lines.add(
                    String.format(
                            "  %s VALUE  (%s, default %s)",
                            s.flag(), s.environmentVariable(), printedDefault(s)));
            String meaning = s.description() + (s.rule().isEmpty() ? "" : "; " + s.rule());
            lines.addAll(wrapped(meaning, DESCRIPTION_INDENT, USAGE_WIDTH));
        }
        return lines;
    }

    /** Words in lines of at most {@code width} characters, each after {@code indent}. */
    static List<String> wrapped(String text, String indent, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(indent);
        for (String word : text.split(" ")) {
            if (line.length() > indent.length() && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line = new StringBuilder(indent);
            }
            if (line.length() > indent.length()) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
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
