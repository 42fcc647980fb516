package io.tandem.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.settings.SettingsDoc;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md lists every setting of the edge job as declared, so the docs cannot drift
 * from the code.
 */
class ConfigurationDocTest {

    private static final Path DOC = Path.of("..", "docs", "configuration.md");
    private static final String BEGIN =
            "<!-- edge-job settings: generated from the declarations, see ConfigurationDocTest"
                    + " -->\n";
    private static final String END = "<!-- end of edge-job settings -->";

    @Test
    void theDocumentedTableIsTheDeclaredOne() throws Exception {
        String table = SettingsDoc.markdownTable(EdgeJobConfig.ALL);
        Path fresh = Path.of("target", "configuration-table.md");
        Files.createDirectories(fresh.getParent());
        Files.writeString(fresh, table);
        String doc = Files.readString(DOC);
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        assertThat(begin).as("the doc's generated-table markers").isNotNegative();
        assertThat(doc.substring(begin + BEGIN.length(), end))
                .as(
                        "docs/configuration.md is out of date: paste"
                                + " jobs/target/configuration-table.md between its markers")
                .isEqualTo(table);
    }
}
