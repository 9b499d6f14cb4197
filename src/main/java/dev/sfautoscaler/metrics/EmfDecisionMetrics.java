package dev.sfautoscaler.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfautoscaler.core.DecisionBasis;
import dev.sfautoscaler.core.ReasonCode;
import dev.sfautoscaler.core.ScaleDecision;
import dev.sfautoscaler.core.ScalingPolicy;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A decision's numbers as CloudWatch metrics, in the Embedded Metric Format: one JSON line on the
 * function's standard output (its log), which CloudWatch Logs turns into metrics. No PutMetricData
 * call, so no latency, no IAM action and no failure mode on the decision's path.
 *
 * <p>Namespace {@value #NAMESPACE}; the {@link #GAUGES} in the dimension set [{@value #FLEET}] and
 * {@value #DECISIONS} (1 per decision) in [{@value #FLEET}, {@value #REASON}], the reason being the
 * reason code's name, so a new code needs nothing here. The two dimension sets are two directives
 * of one document: putting both on one directive would publish every gauge twice (once per reason),
 * which CloudWatch bills as that many more custom metrics. A gauge without a value (no usable queue
 * data) is left out of the document rather than reported as 0.
 *
 * <p>Written with the functions' Jackson tree model rather than a kept EMF library. Powertools for
 * AWS Lambda (Java) metrics 2.4.0 ships native-image metadata, but it, like the
 * {@code aws-embedded-metrics} library it wraps, picks its sink by probing the environment: outside
 * Lambda (the {@code @QuarkusTest}s, a developer's run) that means HTTP requests to the EC2 instance
 * metadata address and then a TCP agent on port 25888 instead of standard output; its logger is a
 * process-wide singleton configured from {@code POWERTOOLS_*} variables; one flush writes one
 * dimension set, so the two sets here would be two documents; and it brings six more jars (CRaC,
 * commons-lang3, javatuples, SLF4J, the JSR-310 module) to the native image. The format itself is a
 * few fields; the tree model needs no reflection in a native image.
 *
 * <p>{@code tools/terraform/check_contracts.py} reads {@link #NAMESPACE}, {@link #FLEET},
 * {@link #REASON}, {@link #DECISIONS} and the names of {@link #GAUGES} from this file to prove that
 * every metric the dashboard and the alarms name is one emitted here: keep them string literals.
 */
public final class EmfDecisionMetrics {

    public static final String NAMESPACE = "SpotFleetAutoscaler";
    public static final String FLEET = "Fleet";
    public static final String REASON = "Reason";
    public static final String DECISIONS = "Decisions";

    /** One gauge: its name, its CloudWatch unit and its value in a decision, {@code null} when it has none. */
    record Gauge(String name, String unit, BiFunction<ScaleDecision, ScalingPolicy, Number> value) {
    }

    /** The gauges, each in the dimension set [Fleet]. */
    public static final List<Gauge> GAUGES = List.of(
            new Gauge("QueueVisible", "Count", (d, p) -> basis(d, DecisionBasis::visible)),
            new Gauge("QueueInFlight", "Count", (d, p) -> basis(d, DecisionBasis::inFlight)),
            new Gauge("CountedBacklog", "Count", (d, p) -> basis(d, DecisionBasis::counted)),
            new Gauge("CurrentTarget", "Count", (d, p) -> d.from()),
            new Gauge("DecidedTarget", "Count", (d, p) -> d.to()),
            new Gauge("FulfilledCapacity", "Count", (d, p) -> basis(d, DecisionBasis::fulfilledCapacity)),
            new Gauge("BusyUnits", "Count", EmfDecisionMetrics::busyUnits),
            new Gauge("Paused", "None", (d, p) -> d.reasonCode() == ReasonCode.PAUSED ? 1 : 0));

    private final boolean enabled;
    private final ObjectMapper json;
    private final Consumer<String> log;

    /**
     * @param enabled {@code AUTOSCALER_METRICS}: off writes nothing
     * @param json    the functions' mapper
     * @param log     where a document goes, one line each: the function's standard output on Lambda
     */
    public EmfDecisionMetrics(boolean enabled, ObjectMapper json, Consumer<String> log) {
        this.enabled = enabled;
        this.json = json;
        this.log = log;
    }

    /** Writes the decision's metrics, once per decision. */
    public void record(ScaleDecision decision, ScalingPolicy policy) {
        if (!enabled) {
            return;
        }
        try {
            log.accept(json.writeValueAsString(document(decision, policy)));
        } catch (JsonProcessingException e) {
            // A tree of strings and numbers always serialises; this is a bug, not an input error.
            throw new UncheckedIOException(e);
        }
    }

    /** The EMF document of one decision. */
    ObjectNode document(ScaleDecision decision, ScalingPolicy policy) {
        ObjectNode doc = json.createObjectNode();
        ObjectNode aws = doc.putObject("_aws");
        aws.put("Timestamp", decision.decidedAt().toEpochMilli());
        ArrayNode directives = aws.putArray("CloudWatchMetrics");
        ObjectNode gauges = directive(directives, FLEET);
        ObjectNode counts = directive(directives, FLEET, REASON);
        doc.put(FLEET, decision.fleetId());
        doc.put(REASON, decision.reasonCode().name());
        for (Gauge gauge : GAUGES) {
            Number value = gauge.value().apply(decision, policy);
            if (value != null) {
                gauges.withArray("Metrics").addObject().put("Name", gauge.name()).put("Unit", gauge.unit());
                if (value instanceof Double fractional) {
                    doc.put(gauge.name(), fractional);
                } else {
                    doc.put(gauge.name(), value.longValue());
                }
            }
        }
        counts.withArray("Metrics").addObject().put("Name", DECISIONS).put("Unit", "Count");
        doc.put(DECISIONS, 1);
        return doc;
    }

    private ObjectNode directive(ArrayNode directives, String... dimensions) {
        ObjectNode directive = directives.addObject().put("Namespace", NAMESPACE);
        ArrayNode set = directive.putArray("Dimensions").addArray();
        for (String dimension : dimensions) {
            set.add(dimension);
        }
        directive.putArray("Metrics");
        return directive;
    }

    private static Number basis(ScaleDecision decision, Function<DecisionBasis, Number> field) {
        return decision.basis() == null ? null : field.apply(decision.basis());
    }

    /**
     * Units the in-flight messages keep busy: in-flight / messages per unit, rounded up, at most the
     * running units and the current target (the floor the policy holds scale-in to); none without
     * queue data or when the policy sets no per-unit concurrency ({@code inFlightPerUnit} 0).
     */
    private static Long busyUnits(ScaleDecision decision, ScalingPolicy policy) {
        DecisionBasis b = decision.basis();
        if (b == null || b.inFlight() == null || policy == null || policy.inFlightPerUnit() == 0) {
            return null;
        }
        long perUnit = policy.inFlightPerUnit();
        long busy = -Math.floorDiv(-b.inFlight(), perUnit);
        long running = (long) Math.ceil(b.fulfilledCapacity());
        return Math.min(Math.min(busy, running), decision.from());
    }
}
