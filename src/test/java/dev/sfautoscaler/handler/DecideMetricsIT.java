package dev.sfautoscaler.handler;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packaged function, under AWS's Lambda Java runtime client, writes each decision's metrics as
 * one Embedded Metric Format line to its output (on Lambda: its log, where CloudWatch reads them),
 * with the numbers of that decision.
 */
@QuarkusIntegrationTest
@TestProfile(HandlerProfiles.Decide.class)
class DecideMetricsIT {

    /** Where the runtime's output goes: the JVM launcher's log per function, or Quarkus's native launcher's. */
    static final Path RUNTIME_LOGS = Path.of("target", "lambda-java-runtime");
    static final Path NATIVE_LOG = Path.of("target", "quarkus.log");

    final ObjectMapper json = new ObjectMapper();

    @Test
    void aDecisionWritesOneEmfLineWithItsNumbersToTheFunctionsLog() throws Exception {
        String fleet = "sfr-%017x".formatted(System.nanoTime());
        JsonPath decision = Lambda.succeeds("""
                {"fleet": {"fleetId": "%s", "targetCapacity": 3, "fulfilledCapacity": 2.0, "onDemandTargetCapacity": 0,
                           "onDemandFulfilledCapacity": 0.0, "state": "active", "activityStatus": "fulfilled",
                           "type": "maintain"},
                 "queue": {"queueUrl": "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs", "visible": 613,
                           "inFlight": 29, "delayed": 0, "readAt": "%s"},
                 "policy": {"minCapacity": 1, "maxCapacity": 20, "backlogPerUnit": 100, "inFlightPerUnit": 10},
                 "executionName": "metrics-it", "round": 1}""".formatted(fleet, Instant.now()));
        assertThat(decision.getString("reasonCode"), is("BACKLOG_NEEDS_MORE"));

        List<JsonNode> lines = awaitLines(fleet);
        assertThat("one EMF line for one decision", lines, hasSize(1));
        JsonNode emf = lines.get(0);
        assertThat(emf.at("/_aws/Timestamp").asLong(), is(Instant.parse(decision.getString("decidedAt")).toEpochMilli()));
        assertThat(emf.at("/_aws/CloudWatchMetrics/0/Namespace").asText(), is("SpotFleetAutoscaler"));
        assertThat(emf.at("/_aws/CloudWatchMetrics/0/Dimensions").toString(), is("[[\"Fleet\"]]"));
        assertThat(emf.at("/_aws/CloudWatchMetrics/1/Dimensions").toString(), is("[[\"Fleet\",\"Reason\"]]"));
        assertThat(emf.get("Reason").asText(), is("BACKLOG_NEEDS_MORE"));
        assertThat(emf.get("QueueVisible").asLong(), is(613L));
        assertThat(emf.get("QueueInFlight").asLong(), is(29L));
        assertThat(emf.get("CountedBacklog").asLong(), is(decision.getLong("basis.counted")));
        assertThat(emf.get("CountedBacklog").asLong(), is(642L));
        assertThat(emf.get("CurrentTarget").asLong(), is(3L));
        assertThat(emf.get("DecidedTarget").asLong(), is((long) decision.getInt("to")));
        assertThat(emf.get("DecidedTarget").asLong(), is(7L));
        assertThat(emf.get("FulfilledCapacity").asDouble(), is(2.0));
        assertThat("29 in flight at 10 per unit, at most the 2 running", emf.get("BusyUnits").asLong(), is(2L));
        assertThat(emf.get("Paused").asLong(), is(0L));
        assertThat(emf.get("Decisions").asLong(), is(1L));
    }

    /** The EMF lines of this fleet in the function's output, waiting a little for the process to write them. */
    private List<JsonNode> awaitLines(String fleet) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<JsonNode> found = List.of();
        while (found.isEmpty() && System.nanoTime() < deadline) {
            found = outputLines().filter(l -> l.contains("\"_aws\"") && l.contains(fleet))
                    .map(this::parse).toList();
            if (found.isEmpty()) {
                Thread.sleep(200);
            }
        }
        if (found.isEmpty()) {
            throw new AssertionError("no EMF line for " + fleet + " in the function's output (" + RUNTIME_LOGS
                    + "/function-*.log or " + NATIVE_LOG + ")");
        }
        return found;
    }

    private Stream<String> outputLines() {
        try (Stream<Path> logs = Files.exists(RUNTIME_LOGS) ? Files.list(RUNTIME_LOGS) : Stream.empty()) {
            List<Path> files = Stream.concat(logs.filter(p -> p.getFileName().toString().matches("function-.*\\.log")),
                    Stream.of(NATIVE_LOG).filter(Files::exists)).toList();
            return files.stream().flatMap(DecideMetricsIT::lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode parse(String line) {
        try {
            // The runtime may put a prefix before the line; the document starts at its first brace.
            return json.readTree(line.substring(line.indexOf('{')));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
