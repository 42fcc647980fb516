package io.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.schema.Contract;
import io.tandem.schema.FeatureFrame;
import io.tandem.schema.Plan;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line in-process: help, one-line errors and exit codes, the commands that need no
 * broker.
 */
class TandemCliTest {

    @Test
    void helpListsEveryCommand() {
        CliRun help = CliRun.of("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("demo", "kafka", "topics", "schemas");
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] cmd :
                new String[][] {
                    {"demo"},
                    {"kafka"},
                    {"topics"},
                    {"topics", "create"},
                    {"topics", "list"},
                    {"schemas"},
                    {"schemas", "show"},
                    {"schemas", "export"}
                }) {
            String[] args = java.util.Arrays.copyOf(cmd, cmd.length + 1);
            args[cmd.length] = "--help";
            CliRun help = CliRun.of(args);
            assertThat(help.exitCode()).as(String.join(" ", cmd)).isZero();
            assertThat(help.out())
                    .as(String.join(" ", cmd))
                    .startsWith("Usage: tandem " + String.join(" ", cmd));
        }
    }

    @Test
    void anUnknownOptionIsOneLineOnStderrWithExitCode2() {
        CliRun bad = CliRun.of("kafka", "--bogus");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.out()).isEmpty();
        assertThat(bad.err().strip())
                .doesNotContain("\n")
                .contains("--bogus")
                .contains("tandem kafka --help");
    }

    @Test
    void aBadValueIsOneLineWithExitCode2() {
        CliRun bad = CliRun.of("kafka", "--port", "lots");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err().strip()).doesNotContain("\n").contains("lots");
    }

    @Test
    void aFailingCommandIsOneLineWithExitCode1AndNoStackTrace() {
        CliRun missing = CliRun.of("schemas", "show", "NoSuchRecord");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err().strip())
                .doesNotContain("\n")
                .doesNotContain("at io.tandem")
                .startsWith("tandem schemas show: no record 'NoSuchRecord'");
    }

    @Test
    void anUnwritableDirectoryIsOneLineWithExitCode1(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        CliRun failed = CliRun.of("schemas", "export", file.resolve("sub").toString());
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err().strip())
                .doesNotContain("\n")
                .contains(file.resolve("sub").toString());
    }

    @Test
    void schemasShowPrintsTheSelfContainedSchema() {
        CliRun show = CliRun.of("schemas", "show", "Plan");
        assertThat(show.exitCode()).isZero();
        assertThat(new Schema.Parser().parse(show.out())).isEqualTo(Plan.getClassSchema());
    }

    @Test
    void schemasExportWritesEveryRecordParseable(@TempDir Path tmp) throws Exception {
        CliRun export = CliRun.of("schemas", "export", tmp.toString());
        assertThat(export.exitCode()).isZero();
        assertThat(tmp.toFile().list())
                .hasSize(Contract.RECORDS.size())
                .contains("ModelAnnouncement.avsc");
        assertThat(new Schema.Parser().parse(tmp.resolve("FeatureFrame.avsc").toFile()))
                .isEqualTo(FeatureFrame.getClassSchema());
    }

    @Test
    void topicsListPrintsTheCatalogueUnderTheChosenNamespace() {
        CliRun list = CliRun.of("topics", "list", "--namespace", "cell-7");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out())
                .contains(
                        "cell-7.features", "cell-7.plans", "cleanup.policy=compact", "cell-7.dlq");
    }

    @Test
    void anIllegalNamespaceIsRefused() {
        CliRun bad = CliRun.of("topics", "list", "--namespace", "no spaces");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("namespace");
    }
}
