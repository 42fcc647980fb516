package io.tandem.models.importer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** What an import did: the last line {@code models import} prints. */
public record ImportResult(
        String model, String version, int legalCuts, List<String> partitions, double maxAbsDiff) {

    public String toJsonLine() {
        ObjectNode line = new ObjectMapper().createObjectNode();
        line.put("model", model);
        line.put("version", version);
        line.put("legal_cuts", legalCuts);
        partitions.forEach(line.putArray("partitions")::add);
        line.put("max_abs_diff", maxAbsDiff);
        return line.toString();
    }
}
