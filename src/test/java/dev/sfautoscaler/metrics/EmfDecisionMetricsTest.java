package dev.sfautoscaler.metrics;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfautoscaler.core.ActivityStatus;
import dev.sfautoscaler.core.FleetSnapshot;
import dev.sfautoscaler.core.FleetState;
import dev.sfautoscaler.core.FleetType;
import dev.sfautoscaler.core.QueueSnapshot;
import dev.sfautoscaler.core.ScaleDecision;
import dev.sfautoscaler.core.ScalingDecider;
import dev.sfautoscaler.core.ScalingPolicy;
import dev.sfautoscaler.core.Trigger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** One decision, one EMF line: valid for CloudWatch, with that decision's numbers. */
class EmfDecisionMetricsTest {

    static final Instant NOW = Instant.parse("2026-11-28T04:00:00Z");
    static final String FLEET = "sfr-0abc1234def567890";
    static final String QUEUE = "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs";
    /** CloudWatch's units (PutMetricData's StandardUnit), the only ones EMF accepts. */
    static final Set<String> UNITS = Set.of("Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes",
            "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent",
            "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second",
            "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second",
            "Count/Second", "None");

    final ObjectMapper json = new ObjectMapper();
    final List<String> lines = new ArrayList<>();
    final ScalingDecider decider = new ScalingDecider(Clock.fixed(NOW, ZoneOffset.UTC));
    final ScalingPolicy policy = ScalingPolicy.builder().minCapacity(1).maxCapacity(20).backlogPerUnit(100)
            .inFlightPerUnit(10).build();

    ScaleDecision decide(int target, double fulfilled, Optional<QueueSnapshot> queue) {
        FleetSnapshot fleet = new FleetSnapshot(FLEET, target, fulfilled, 0, 0, FleetState.ACTIVE,
                ActivityStatus.FULFILLED, FleetType.MAINTAIN, Optional.empty());
        return decider.decide(fleet, queue, Trigger.manual("manual-1", NOW), policy);
    }

    JsonNode emitted(ScaleDecision decision) throws Exception {
        new EmfDecisionMetrics(true, json, lines::add).record(decision, policy);
        assertThat("one line per decision", lines, hasSize(1));
        assertThat("a single line", lines.get(0).contains("\n"), is(false));
        return json.readTree(lines.get(0));
    }

    @Test
    void aScaleOutIsOneValidDocumentWithItsNumbers() throws Exception {
        ScaleDecision decision = decide(3, 2.5, Optional.of(new QueueSnapshot(QUEUE, 600, 40, 7, NOW)));
        JsonNode doc = emitted(decision);

        assertValidEmf(doc);
        assertThat(doc.at("/_aws/Timestamp").asLong(), is(NOW.toEpochMilli()));
        assertThat(metricsIn(doc), is(Map.of(
                "[Fleet]", List.of("QueueVisible", "QueueInFlight", "CountedBacklog", "CurrentTarget", "DecidedTarget",
                        "FulfilledCapacity", "BusyUnits", "Paused"),
                "[Fleet, Reason]", List.of("Decisions"))));
        for (JsonNode directive : doc.at("/_aws/CloudWatchMetrics")) {
            assertThat(directive.get("Namespace").asText(), is("SpotFleetAutoscaler"));
        }
        assertThat(doc.get("Fleet").asText(), is(FLEET));
        assertThat(doc.get("Reason").asText(), is("BACKLOG_NEEDS_MORE"));
        assertThat(doc.get("QueueVisible").asLong(), is(600L));
        assertThat(doc.get("QueueInFlight").asLong(), is(40L));
        assertThat(doc.get("CountedBacklog").asLong(), is(640L));
        assertThat(doc.get("CurrentTarget").asLong(), is(3L));
        assertThat(doc.get("DecidedTarget").asLong(), is(7L));
        assertThat(doc.get("FulfilledCapacity").asDouble(), is(2.5));
        assertThat("40 in flight at 10 per unit, at most the 3 running", doc.get("BusyUnits").asLong(), is(3L));
        assertThat(doc.get("Paused").asLong(), is(0L));
        assertThat(doc.get("Decisions").asLong(), is(1L));
        assertThat(unitOf(doc, "Paused"), is("None"));
        assertThat(unitOf(doc, "DecidedTarget"), is("Count"));
    }

    @Test
    void withoutQueueDataTheQueueGaugesAreLeftOutNotReportedAsZero() throws Exception {
        ScaleDecision decision = decide(4, 4, Optional.empty());
        JsonNode doc = emitted(decision);

        assertValidEmf(doc);
        assertThat(doc.get("Reason").asText(), is("NO_QUEUE_DATA"));
        assertThat(metricsIn(doc).get("[Fleet]"), contains("CurrentTarget", "DecidedTarget", "FulfilledCapacity",
                "Paused"));
        assertThat(doc.has("QueueVisible") || doc.has("CountedBacklog") || doc.has("BusyUnits"), is(false));
        assertThat(doc.get("DecidedTarget").asLong(), is(4L));
        assertThat(doc.get("Decisions").asLong(), is(1L));
    }

    @Test
    void aPausedTargetReportsPausedOneWithTheNumbersItWouldHaveUsed() throws Exception {
        FleetSnapshot fleet = new FleetSnapshot(FLEET, 3, 3, 0, 0, FleetState.ACTIVE, ActivityStatus.FULFILLED,
                FleetType.MAINTAIN, Optional.empty()).withPausedBy(Optional.of("incident 42"));
        ScaleDecision decision = decider.decide(fleet, Optional.of(new QueueSnapshot(QUEUE, 600, 40, 7, NOW)),
                Trigger.manual("manual-1", NOW), policy);
        JsonNode doc = emitted(decision);

        assertValidEmf(doc);
        assertThat(doc.get("Reason").asText(), is("PAUSED"));
        assertThat(doc.get("Paused").asLong(), is(1L));
        assertThat("a paused target keeps its target", doc.get("DecidedTarget").asLong(), is(3L));
        assertThat("the backlog is still reported", doc.get("CountedBacklog").asLong(), is(640L));
    }

    @Test
    void offWritesNothing() {
        ScaleDecision decision = decide(3, 3, Optional.of(new QueueSnapshot(QUEUE, 250, 0, 0, NOW)));
        new EmfDecisionMetrics(false, json, lines::add).record(decision, policy);
        assertThat(lines, empty());
    }

    @Test
    void theGaugeTableIsWhatTheDocumentDeclares() throws Exception {
        JsonNode doc = emitted(decide(3, 3, Optional.of(new QueueSnapshot(QUEUE, 250, 5, 0, NOW))));
        List<String> table = EmfDecisionMetrics.GAUGES.stream().map(EmfDecisionMetrics.Gauge::name).toList();
        assertThat(metricsIn(doc).get("[Fleet]"), is(table));
        assertThat(metricsIn(doc).get("[Fleet, Reason]"), contains(EmfDecisionMetrics.DECISIONS));
        assertThat(table, not(hasItem(EmfDecisionMetrics.DECISIONS)));
    }

    /** {dimension set: metric names} of every directive. */
    static Map<String, List<String>> metricsIn(JsonNode doc) {
        Map<String, List<String>> found = new TreeMap<>();
        for (JsonNode directive : doc.at("/_aws/CloudWatchMetrics")) {
            for (JsonNode set : directive.get("Dimensions")) {
                List<String> names = new ArrayList<>();
                directive.get("Metrics").forEach(m -> names.add(m.get("Name").asText()));
                List<String> dims = new ArrayList<>();
                set.forEach(d -> dims.add(d.asText()));
                found.put(dims.toString(), names);
            }
        }
        return found;
    }

    static String unitOf(JsonNode doc, String metric) {
        for (JsonNode directive : doc.at("/_aws/CloudWatchMetrics")) {
            for (JsonNode m : directive.get("Metrics")) {
                if (m.get("Name").asText().equals(metric)) {
                    return m.get("Unit").asText();
                }
            }
        }
        throw new AssertionError(metric + " is not declared");
    }

    /**
     * The rules of the Embedded Metric Format specification: a millisecond timestamp; directives with
     * a namespace, dimension sets of at most 30 names that are string members of the root, and at
     * most 100 metrics, each a numeric member of the root with a CloudWatch unit, none declared twice.
     */
    static void assertValidEmf(JsonNode doc) {
        JsonNode aws = doc.get("_aws");
        assertThat("_aws is an object", aws != null && aws.isObject(), is(true));
        assertThat("_aws.Timestamp is an integer of milliseconds", aws.path("Timestamp").isIntegralNumber(), is(true));
        JsonNode directives = aws.path("CloudWatchMetrics");
        assertThat("CloudWatchMetrics is a non-empty array", directives.isArray() && !directives.isEmpty(), is(true));
        Set<String> declared = new HashSet<>();
        for (JsonNode directive : directives) {
            String namespace = directive.path("Namespace").asText("");
            assertThat("Namespace is 1..255 characters", !namespace.isEmpty() && namespace.length() <= 255, is(true));
            assertThat("Dimensions is an array of arrays", directive.path("Dimensions").isArray(), is(true));
            for (JsonNode set : directive.get("Dimensions")) {
                assertThat(set.isArray() && set.size() <= 30, is(true));
                for (JsonNode dimension : set) {
                    assertThat("dimension " + dimension + " is a string member of the root",
                            doc.path(dimension.asText()).isTextual(), is(true));
                }
            }
            JsonNode metrics = directive.path("Metrics");
            assertThat("Metrics is an array of at most 100", metrics.isArray() && metrics.size() <= 100, is(true));
            for (JsonNode metric : metrics) {
                String name = metric.path("Name").asText("");
                assertThat("metric " + name + " has a value in the root", doc.path(name).isNumber(), is(true));
                assertThat("unit of " + name, UNITS, hasItem(metric.path("Unit").asText()));
                assertThat(name + " is declared once per dimension set", declared.add(directive.get("Dimensions")
                        + name), is(true));
            }
        }
        assertThat(declared, not(empty()));
    }
}
