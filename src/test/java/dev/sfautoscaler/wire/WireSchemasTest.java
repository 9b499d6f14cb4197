package dev.sfautoscaler.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.sfautoscaler.core.ScalingPolicy;
import dev.sfautoscaler.testkit.EventFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The published JSON Schemas ({@code statemachine/schemas/}) are what the codec makes, and what a
 * person validates a manual execution's input with accepts the inputs we ship and rejects what the
 * functions reject. {@code make schemas} (the lab's {@code lab schemas}) rewrites the files.
 */
class WireSchemasTest {

    static final Path DIR = Path.of("statemachine", "schemas");
    static final String REWRITE = "make schemas";
    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    /** A committed schema, as a person or the contracts check reads it. */
    static JsonSchema schema(String file) {
        try {
            return FACTORY.getSchema(JSON.readTree(Files.readString(DIR.resolve(file), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new AssertionError("cannot read " + DIR.resolve(file) + "; run " + REWRITE, e);
        }
    }

    static Set<ValidationMessage> errors(String file, JsonNode input) {
        return schema(file).validate(input);
    }

    @Test
    void theCommittedSchemasAreWhatTheCodeMakes() throws IOException {
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, ObjectNode> e : WireSchemas.all().entrySet()) {
            Path file = DIR.resolve(e.getKey());
            String committed = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            if (!committed.equals(WireSchemas.text(e.getValue()))) {
                stale.add(file.toString());
            }
        }
        try (Stream<Path> files = Files.list(DIR)) {
            files.map(p -> p.getFileName().toString())
                    .filter(name -> !WireSchemas.all().containsKey(name) && !name.equals("README.md"))
                    .forEach(name -> stale.add(DIR.resolve(name) + " (made by nothing)"));
        }
        if (!stale.isEmpty()) {
            fail("out of date with the code: " + stale + "; run `" + REWRITE + "` and commit the result");
        }
    }

    @Test
    void everySchemaIsADraft202012SchemaTheValidatorAccepts() {
        WireSchemas.all().forEach((file, s) -> {
            assertEquals(WireSchemas.DRAFT, s.get("$schema").asText(), file);
            assertFalse(schema(file).validate(JSON.createObjectNode()).isEmpty(),
                    file + " rejects an empty object: every input names at least a fleet or a decision");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"scale-now.json", "dry-run.json", "step-mode.json"})
    void everyShippedExampleIsAValidExecutionInput(String example) {
        assertEquals(Set.of(), errors("execution-input.schema.json", EventFixtures.example(example)), example);
    }

    @Test
    void theExamplesDirectoryHoldsNothingElse() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("statemachine", "examples"))) {
            assertEquals(Set.of("scale-now.json", "dry-run.json", "step-mode.json"),
                    Set.copyOf(files.map(p -> p.getFileName().toString()).toList()),
                    "a new example is checked above too");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cloudwatch-alarm-scale-out-alarm.json", "cloudwatch-alarm-scale-in-alarm.json",
            "cloudwatch-alarm-other-alarm.json", "cloudwatch-alarm-scale-out-ok.json",
            "cloudwatch-alarm-scale-out-insufficient-data.json"})
    void theRealAlarmEventsAreValidAlarmEvents(String event) {
        ObjectNode input = manual();
        input.set("alarmEvent", EventFixtures.object(event));
        assertEquals(Set.of(), errors("execution-input.schema.json", input), event);
        ObjectNode decide = JSON.createObjectNode();
        decide.set("fleet", fleet());
        decide.set("policy", policy());
        decide.set("alarmEvent", EventFixtures.object(event));
        assertEquals(Set.of(), errors("decide-input.schema.json", decide), event);
    }

    @Test
    void theRealScheduledEventIsAValidScheduledEvent() {
        ObjectNode input = manual();
        input.set("scheduledEvent", EventFixtures.object("scheduled-event.json"));
        assertEquals(Set.of(), errors("execution-input.schema.json", input));
    }

    @Test
    void theExecutionInputsShapeIsWhatTheWorkflowDefaults() throws IOException {
        // Prepare defaults every documented field, and read-capacity refuses any other: the schema says so too.
        JsonNode asl = JSON.readTree(Path.of("statemachine", "autoscaler.asl.json").toFile());
        JsonNode prepare = asl.path("States").path("Prepare").path("Parameters");
        JsonNode schema = WireSchemas.all().get("execution-input.schema.json");
        JsonNode properties = schema.get("properties");
        assertEquals(Set.copyOf(iterable(prepare.path("defaults").fieldNames())),
                Set.copyOf(iterable(properties.fieldNames())));
        assertTrue(properties.get("policy").get("additionalProperties").isBoolean()
                && !properties.get("policy").get("additionalProperties").asBoolean(), "decide rejects unknown policy fields");
        assertFalse(schema.get("additionalProperties").asBoolean(true), "read-capacity rejects unknown fields");
        JsonNode workflow = properties.get("workflow");
        assertFalse(workflow.get("additionalProperties").asBoolean(true), "read-capacity rejects unknown settings");
        JsonNode settings = prepare.path("state").path("loop").path("settings");
        assertEquals(Set.copyOf(iterable(settings.fieldNames())), Set.copyOf(iterable(workflow.get("properties")
                .fieldNames())));
        for (String name : List.of("settleSeconds", "notifyNoChange")) {
            assertEquals(settings.get(name), workflow.get("properties").get(name).get("default"), name);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{'dryrun': true}", "{'changeOutcome': 'dry-run'}", "{'modify': {}}",
            "{'loop': {'capacityRechecks': -1000}}", "{'decision': null}", "{'workflow': []}", "{'workflow': null}",
            "{'workflow': {'settleSeconds': 1.5}}", "{'workflow': {'settleSeconds': 1e9}}",
            "{'workflow': {'settleSeconds': 1801}}", "{'workflow': {'maxRounds': 11}}",
            "{'workflow': {'settleSecond': 5}}", "{'dryRun': 'yes'}", "{'dryRun': null}"})
    void aFieldTheWorkflowMustNotTakeIsRejectedByTheSchema(String extra) throws IOException {
        ObjectNode input = manual();
        input.setAll((ObjectNode) JSON.readTree(extra.replace('\'', '"')));
        assertFalse(errors("execution-input.schema.json", input).isEmpty(), extra);
    }

    @Test
    void thePolicySchemaListsEveryFieldWithItsDefault() {
        JsonNode policy = WireSchemas.all().get("execution-input.schema.json").get("properties").get("policy");
        ScalingPolicy defaults = ScalingPolicy.builder().build();
        assertEquals(PolicyFields.NAMES, Set.copyOf(iterable(policy.get("properties").fieldNames())));
        assertEquals(100, policy.get("properties").get("backlogPerUnit").get("default").asInt());
        assertEquals(defaults.mode().wireName(), policy.get("properties").get("mode").get("default").asText());
        assertEquals(1, policy.get("properties").get("backlogPerUnit").get("minimum").asInt());
        assertEquals(ScalingPolicy.CAPACITY_LIMIT, policy.get("properties").get("maxCapacity").get("maximum").asInt());
    }

    static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    static ObjectNode manual() {
        ObjectNode input = JSON.createObjectNode().put("fleetId", "sfr-0123abcd-4567-89ef-0123-456789abcdef")
                .put("queueUrl", "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs");
        input.set("policy", policy());
        return input;
    }

    static ObjectNode policy() {
        return JSON.createObjectNode().put("minCapacity", 1).put("maxCapacity", 10);
    }

    static ObjectNode fleet() {
        return JSON.createObjectNode().put("fleetId", "sfr-0123abcd-4567-89ef-0123-456789abcdef").put("targetCapacity", 3)
                .put("fulfilledCapacity", 3.0).put("state", "active").put("type", "maintain");
    }
}
