package io.tandem.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsReaderTest {

    private static final Setting<Integer> BATCH =
            Setting.integer("max-batch", 8, "largest batch").atLeast(1);
    private static final Setting<Double> SHARE = Setting.real("share", 0.25, "a share").atLeast(0);
    private static final Setting<Boolean> ADMISSION =
            Setting.onOff("admission", true, "admission control");
    private static final Setting<List<String>> CODECS =
            Setting.words("codecs", List.of("int8", "int4"), "codecs");
    private static final Setting<String> SOLVER =
            Setting.text("solver", "tandem", "solver").oneOf(List.of("tandem", "edge-only"));
    private static final SettingsReader READER =
            new SettingsReader(List.of(BATCH, SHARE, ADMISSION, CODECS, SOLVER));

    @Test
    void flagsWinOverTheEnvironmentWhichWinsOverDefaults() {
        SettingValues values =
                READER.read(
                        new String[] {"--max-batch", "16", "--codecs=float32, int8"},
                        Map.of(
                                "TANDEM_MAX_BATCH",
                                "4",
                                "TANDEM_SHARE",
                                "0.5",
                                "TANDEM_ADMISSION",
                                "FALSE"));
        assertThat(values.get(BATCH)).isEqualTo(16);
        assertThat(values.get(SHARE)).isEqualTo(0.5);
        assertThat(values.get(ADMISSION)).isFalse();
        assertThat(values.get(CODECS)).containsExactly("float32", "int8");
        assertThat(values.get(SOLVER)).isEqualTo("tandem");
        assertThat(values.isSet(SOLVER)).isFalse();
    }

    @Test
    void badValuesNameTheirSourceAndTheRule() {
        assertThatThrownBy(() -> READER.read(new String[] {"--max-batch", "0"}, Map.of()))
                .hasMessage("--max-batch must be >= 1, not 0");
        assertThatThrownBy(() -> READER.read(new String[0], Map.of("TANDEM_MAX_BATCH", "many")))
                .hasMessage("TANDEM_MAX_BATCH: --max-batch must be an integer, not 'many'");
        assertThatThrownBy(() -> READER.read(new String[] {"--solver", "magic"}, Map.of()))
                .hasMessage("--solver must be one of tandem, edge-only, not magic");
        assertThatThrownBy(() -> READER.read(new String[] {"--admission", "maybe"}, Map.of()))
                .hasMessage("--admission is one of false, true, not 'maybe'");
        assertThatThrownBy(() -> READER.read(new String[] {"--batch", "1"}, Map.of()))
                .hasMessageStartingWith("unknown option '--batch'");
        assertThatThrownBy(() -> READER.read(new String[] {"--share"}, Map.of()))
                .hasMessage("option --share needs a value");
        assertThatThrownBy(() -> SettingValues.DEFAULTS.with(SHARE, -1.0))
                .hasMessage("--share must be >= 0, not -1");
    }

    @Test
    void aDeclarationMustAcceptItsOwnDefaultAndBeUnique() {
        assertThatThrownBy(() -> Setting.integer("lag", -1, "lag").atLeast(0))
                .hasMessage("--lag must be >= 0, not -1");
        assertThatThrownBy(
                        () ->
                                new SettingsReader(
                                        List.of(BATCH, Setting.integer("max-batch", 2, "again"))))
                .hasMessageContaining("declared twice");
    }

    @Test
    void valuesSurviveJavaSerialization() throws Exception {
        SettingValues values =
                SettingValues.DEFAULTS.with(CODECS, List.of("int8")).with(SHARE, 0.1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(values);
        }
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(values);
        }
    }

    @Test
    void docsFollowFromTheDeclarations() {
        assertThat(SettingsDoc.usage(List.of(BATCH)))
                .containsExactly(
                        "  --max-batch VALUE  (TANDEM_MAX_BATCH, default 8)",
                        "      largest batch; >= 1");
        assertThat(SettingsDoc.wrapped("one two three four", "  ", 11))
                .containsExactly("  one two", "  three", "  four");
        assertThat(SettingsDoc.markdownTable(List.of(SOLVER, CODECS)))
                .contains(
                        "| `--solver` | `TANDEM_SOLVER` | `tandem` | one of tandem, edge-only |"
                                + " solver |")
                .contains("| `--codecs` | `TANDEM_CODECS` | `int8,int4` |  | codecs |");
    }
}
