package io.tandem.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Holds the contract to Avro's evolution rules. The build fails when a schema under src/main/avro
 * stops being readable by, or able to read, any released version under src/main/history: devices
 * and the edge are upgraded one at a time, never together.
 */
class SchemaEvolutionTest {

    static Stream<Class<? extends SpecificRecord>> records() {
        return Contract.RECORDS.stream();
    }

    @ParameterizedTest
    @MethodSource("records")
    void currentSchemaIsMutuallyCompatibleWithEveryReleasedVersion(
            Class<? extends SpecificRecord> type) {
        Schema current = SpecificData.get().getSchema(type);
        List<Schema> released = SchemaHistory.releasedVersions(type.getSimpleName());
        assertThat(released)
                .as("released versions of %s (add it to src/main/history)", type.getSimpleName())
                .isNotEmpty();
        for (Schema old : released) {
            assertThat(compatibility(current, old))
                    .as(
                            "new %s reads records written with a released version",
                            type.getSimpleName())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
            assertThat(compatibility(old, current))
                    .as(
                            "released %s readers read records written with the new version",
                            type.getSimpleName())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }

    @ParameterizedTest
    @MethodSource("records")
    void addingAnOptionalFieldWithDefaultIsBackwardAndForwardCompatible(
            Class<? extends SpecificRecord> type) {
        Schema current = SpecificData.get().getSchema(type);
        Schema evolved =
                withExtraField(
                        current,
                        new Schema.Field(
                                "addedLater",
                                Schema.createUnion(
                                        Schema.create(Schema.Type.NULL),
                                        Schema.create(Schema.Type.STRING)),
                                "added in a later release",
                                Schema.Field.NULL_DEFAULT_VALUE));

        assertThat(compatibility(evolved, current)).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(compatibility(current, evolved)).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @ParameterizedTest
    @MethodSource("records")
    void addingARequiredFieldWithoutDefaultBreaksBackwardCompatibility(
            Class<? extends SpecificRecord> type) {
        Schema current = SpecificData.get().getSchema(type);
        Schema evolved =
                withExtraField(
                        current,
                        new Schema.Field(
                                "addedLater", Schema.create(Schema.Type.LONG), "no default"));

        // A new reader cannot fill the field from old records: the check the build relies on must
        // say so.
        assertThat(compatibility(evolved, current)).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
        // Old readers simply skip the new field.
        assertThat(compatibility(current, evolved)).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void changingAFieldTypeIncompatiblyIsCaught() {
        Schema current = Plan.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : current.getFields()) {
            Schema type = f.name().equals("epoch") ? Schema.create(Schema.Type.STRING) : f.schema();
            fields.add(new Schema.Field(f.name(), type, f.doc(), f.defaultVal()));
        }
        Schema broken =
                Schema.createRecord(
                        current.getName(), current.getDoc(), current.getNamespace(), false, fields);

        assertThat(compatibility(broken, current)).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
        assertThat(compatibility(current, broken)).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    @Test
    void everyFieldOfEveryRecordIsDocumented() {
        for (Class<? extends SpecificRecord> type : Contract.RECORDS) {
            assertDocumented(SpecificData.get().getSchema(type), new ArrayList<>());
        }
    }

    private static void assertDocumented(Schema schema, List<String> seen) {
        switch (schema.getType()) {
            case RECORD -> {
                if (seen.contains(schema.getFullName())) {
                    return;
                }
                seen.add(schema.getFullName());
                assertThat(schema.getNamespace())
                        .as("namespace of %s", schema.getName())
                        .isEqualTo(Contract.PACKAGE);
                assertThat(schema.getDoc())
                        .as("doc of record %s", schema.getFullName())
                        .isNotBlank();
                for (Schema.Field f : schema.getFields()) {
                    assertThat(f.doc()).as("doc of %s.%s", schema.getName(), f.name()).isNotBlank();
                    assertDocumented(f.schema(), seen);
                }
            }
            case UNION -> schema.getTypes().forEach(t -> assertDocumented(t, seen));
            case ARRAY -> assertDocumented(schema.getElementType(), seen);
            case MAP -> assertDocumented(schema.getValueType(), seen);
            case ENUM ->
                    assertThat(schema.getEnumDefault())
                            .as("default symbol of enum %s", schema.getFullName())
                            .isNotNull();
            default -> {}
        }
    }

    private static SchemaCompatibilityType compatibility(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType();
    }

    private static Schema withExtraField(Schema record, Schema.Field extra) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : record.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        fields.add(extra);
        return Schema.createRecord(
                record.getName(), record.getDoc(), record.getNamespace(), false, fields);
    }
}
