package dev.sfautoscaler.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfautoscaler.core.CapacityModifier;
import dev.sfautoscaler.core.CapacityReader;
import dev.sfautoscaler.core.ChangeNotifier;
import dev.sfautoscaler.core.QueueSnapshot;
import dev.sfautoscaler.core.ScalingDecider;
import dev.sfautoscaler.core.error.AutoscalerException;
import dev.sfautoscaler.core.error.InvalidInput;
import dev.sfautoscaler.core.fakes.InMemoryFleetGateway;
import dev.sfautoscaler.core.fakes.InMemoryQueueGauge;
import dev.sfautoscaler.core.fakes.RecordingNotifier;
import dev.sfautoscaler.wire.WireModule;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/**
 * Hostile input for each of the four functions: a valid input with one field made malformed (NaN, a
 * number of hundreds of digits, a field name of more than 50,000 characters, nesting past Jackson's
 * limit, broken syntax, a value of the wrong type, a malformed id, a huge enum value), read as the
 * Lambda runtime reads it (the functions' ObjectMapper) and handed to what the handler calls. Each
 * must be {@link InvalidInput} with a message of bounded size, and nothing may be written: the fleet
 * is not modified or tagged, nothing is published. The handler ITs send a sample of the same through
 * the Lambda runtime ({@code DecideBehaviour}, {@code ModifyBehaviour}).
 */
class HostileInputPropertyTest {

    static final ObjectMapper FUNCTIONS = new ObjectMapper().registerModule(WireModule.module())
            .registerModule(WireModule.functionInput());
    static final Instant NOW = Instant.parse("2026-11-28T04:00:00Z");
    static final String FLEET = "sfr-0123abcd-4567-89ef-0123-456789abcdef";
    static final String QUEUE = "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs";
    static final String RAW = "@@raw@@";
    /** String fields with a grammar (ids, enum names, timestamps): any other string there is an error. */
    static final Set<String> CONSTRAINED = Set.of("fleetId", "state", "activityStatus", "type", "at", "action",
            "readAt", "mode", "excessCapacityTerminationPolicy", "reasonCode", "decidedAt", "outcome");

    /** Valid inputs that hold only fields the function reads, so that breaking any of them is an error. */
    static final String FLEET_JSON = "{'fleetId': '" + FLEET + "', 'targetCapacity': 3, 'fulfilledCapacity': 3.0,"
            + " 'onDemandTargetCapacity': 0, 'onDemandFulfilledCapacity': 0.0, 'state': 'active',"
            + " 'activityStatus': 'fulfilled', 'type': 'maintain', 'lastChange': {'at': '2026-11-28T03:50:00Z',"
            + " 'action': 'scale-out', 'from': 2, 'to': 3, 'triggerId': 'evt-1:1', 'onDemandToRestore': 1}}";
    static final String DECISION_JSON = "{'fleetId': '" + FLEET + "', 'action': 'scale-out', 'from': 3, 'to': 7,"
            + " 'onDemandTargetCapacity': 1, 'excessCapacityTerminationPolicy': 'default', 'triggerKey': 'evt-1:1'}";
    static final Map<String, String> VALID = Map.of(
            "read-capacity", "{'fleetId': '" + FLEET + "', 'queueUrl': '" + QUEUE + "'}",
            "decide", "{'fleet': " + FLEET_JSON + ", 'queue': {'queueUrl': '" + QUEUE + "', 'visible': 600,"
                    + " 'inFlight': 40, 'delayed': 0, 'readAt': '2026-11-28T03:59:50Z'}, 'policy': {'mode':"
                    + " 'target-tracking', 'minCapacity': 1, 'maxCapacity': 20, 'backlogPerUnit': 100,"
                    + " 'scaleInTolerance': 0.05, 'applyMaxImmediately': false}, 'round': 1,"
                    + " 'executionName': 'manual-1'}",
            "modify", "{'decision': " + DECISION_JSON + ", 'dryRun': false}",
            "notify", "{'fleetId': '" + FLEET + "', 'outcome': 'scaled', 'decision': {'fleetId': '" + FLEET + "',"
                    + " 'action': 'scale-out', 'from': 3, 'to': 7, 'reasonCode': 'BACKLOG_NEEDS_MORE', 'reason':"
                    + " 'more', 'triggerKey': 'evt-1:1', 'decidedAt': '2026-11-28T04:00:00Z'}, 'modify':"
                    + " {'fleetId': '" + FLEET + "', 'action': 'scale-out', 'from': 3, 'to': 7, 'applied': true,"
                    + " 'warnings': ['slow'], 'summary': 'done'}, 'executionId': 'arn:aws:states:x'}");

    /** One function as its handler runs it, with in-memory AWS that records every write. */
    static final class Function {
        final InMemoryFleetGateway fleets = new InMemoryFleetGateway();
        final RecordingNotifier topic = new RecordingNotifier();
        final Consumer<JsonNode> handler;

        Function(String name) {
            fleets.add(FLEET, 3);
            InMemoryQueueGauge queues = new InMemoryQueueGauge().put(new QueueSnapshot(QUEUE, 600, 40, 0, NOW));
            Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
            handler = switch (name) {
                case "read-capacity" -> in -> {
                    ReadCapacityInput r = ReadCapacityInput.from(in);
                    new CapacityReader(fleets, queues, clock).read(r.target(), r.queueUrl());
                };
                case "decide" -> in -> {
                    DecideInput d = DecideInput.from(in, clock);
                    new ScalingDecider(clock).decide(d.fleet(), d.queue(), d.trigger(), d.policy());
                };
                case "modify" -> in -> new CapacityModifier(fleets, clock).modify(ModifyInput.from(in).request());
                case "notify" -> in -> new ChangeNotifier(topic).notify(NotifyInput.from(in).request());
                default -> throw new IllegalArgumentException(name);
            };
        }

        /** Reads the payload as the Lambda runtime does, then runs the handler's calls. */
        void invoke(String payload) throws IOException {
            handler.accept(FUNCTIONS.readTree(payload));
        }
    }

    /** A mutation: where in the valid input, what goes there. */
    record Hostile(String function, String payload, String what) {
        @Override
        public String toString() {
            return function + ": " + what;
        }
    }

    @Property(tries = 400)
    void hostile_input_is_invalid_input_with_a_short_message_and_writes_nothing(@ForAll("hostile") Hostile h) {
        Function f = new Function(h.function());

        InvalidInput e = assertThrows(InvalidInput.class, () -> f.invoke(h.payload()), h::toString);

        assertTrue(e.getMessage().length() <= AutoscalerException.MESSAGE_LIMIT + 30,
                () -> h + ": a message of " + e.getMessage().length() + " characters");
        assertEquals(List.of(), f.fleets.writes(), h::toString);
        assertEquals(List.of(), f.topic.published(), h::toString);
    }

    @Property(tries = 20)
    void the_valid_inputs_are_valid(@ForAll("functions") String function) throws IOException {
        new Function(function).invoke(json(VALID.get(function)).toString());
    }

    @Provide
    Arbitrary<String> functions() {
        return Arbitraries.of(VALID.keySet());
    }

    @Provide
    Arbitrary<Hostile> hostile() {
        return functions().flatMap(function -> {
            List<String> paths = paths(json(VALID.get(function)), "");
            return Combinators.combine(Arbitraries.of(paths), Arbitraries.integers().between(0, 9),
                    Arbitraries.integers().between(1, 60_000))
                    .as((path, kind, size) -> mutate(function, path, kind, size));
        });
    }

    /** One malformed variant of the function's valid input at {@code path}. */
    static Hostile mutate(String function, String path, int kind, int size) {
        JsonNode root = json(VALID.get(function));
        Tuple2<JsonNode, String> at = parentOf(root, path);
        JsonNode value = get(at.get1(), at.get2());
        String name = at.get2();
        String raw;
        String what;
        switch (kind) {
            case 0 -> { raw = size % 2 == 0 ? "NaN" : "-Infinity"; what = path + " = " + raw; }
            case 1 -> { raw = "9".repeat(400 + size % 1200); what = path + " = a number of " + raw.length() + " digits"; }
            case 2 -> {
                // A name longer than Jackson reads (50,000) anywhere; a shorter unknown one where fields are closed.
                String key = "k".repeat(50_001 + size % 10_000);
                ((ObjectNode) (at.get1() instanceof ObjectNode o ? o : root)).put(key, 1);
                return new Hostile(function, text(root, null), "a field name of " + key.length() + " characters");
            }
            case 3 -> { raw = "[".repeat(1_001 + size % 500) + "]".repeat(1_001 + size % 500); what = path + " nested 1,000 deep"; }
            case 4 -> {
                String text = text(root, null);
                int cut = 1 + size % (text.length() - 1);
                return new Hostile(function, text.substring(0, cut), "cut after " + cut + " characters");
            }
            case 5 -> {
                // The wrong type: a string where there is none, a number where there is a string or an object.
                raw = value.isTextual() ? "5" : value.isArray() ? "\"x\"" : "\"" + "x".repeat(size % 300) + "\"";
                if (value.isBoolean() || value.isNumber() || value.isObject()) {
                    raw = value.isObject() ? "7" : "\"yes\"";
                }
                what = path + " = " + (raw.length() > 20 ? raw.substring(0, 20) + "..." : raw);
            }
            case 6 -> {
                if (!CONSTRAINED.contains(name) || !value.isTextual()) {
                    return mutate(function, path, 5, size);
                }
                raw = "\"" + (name.equals("fleetId") ? List.of("sfr----", "sfr-", "sfr-0123ABCD-4567-89EF-0123-456789ABCDEF",
                        "sfr-0123abcd-4567-89ef-0123-456789abcdef0", "sfr-" + "0".repeat(18 + size)).get(size % 5)
                        : "z".repeat(size)) + "\"";
                what = path + " = a string of " + (raw.length() - 2) + " characters";
            }
            default -> {
                // A policy field that does not exist (policies are closed); elsewhere the wrong type.
                if (!path.startsWith("policy")) {
                    return mutate(function, path, size % 6, size);
                }
                ObjectNode policy = (ObjectNode) root.get("policy");
                String key = "maxCapacty" + "y".repeat(size % 20_000);
                policy.put(key, 20);
                return new Hostile(function, text(root, null), "policy." + key.substring(0, 10) + "... ("
                        + key.length() + " characters)");
            }
        }
        set(at.get1(), name, RAW);
        return new Hostile(function, text(root, raw), what);
    }

    // --- a small JSON toolkit for the mutations -------------------------------------------------

    static JsonNode json(String singleQuoted) {
        try {
            return new ObjectMapper().readTree(singleQuoted.replace('\'', '"'));
        } catch (IOException e) {
            throw new AssertionError(singleQuoted, e);
        }
    }

    /** Every field and array item below the top level, as {@code a.b[0].c}. */
    static List<String> paths(JsonNode node, String prefix) {
        List<String> paths = new ArrayList<>();
        if (node.isObject()) {
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String n = names.next();
                String p = prefix.isEmpty() ? n : prefix + "." + n;
                paths.add(p);
                paths.addAll(paths(node.get(n), p));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                paths.add(prefix + "[" + i + "]");
            }
        }
        return paths;
    }

    /** The container holding {@code path} and the last step's name (or index). */
    static Tuple2<JsonNode, String> parentOf(JsonNode root, String path) {
        JsonNode parent = root;
        String[] steps = path.replace("[", ".[").split("\\.");
        for (int i = 0; i < steps.length - 1; i++) {
            parent = get(parent, steps[i]);
        }
        return Tuple.of(parent, steps[steps.length - 1]);
    }

    static JsonNode get(JsonNode container, String step) {
        return step.startsWith("[") ? container.get(Integer.parseInt(step.substring(1, step.length() - 1)))
                : container.get(step);
    }

    static void set(JsonNode container, String step, String text) {
        if (step.startsWith("[")) {
            ArrayNode array = (ArrayNode) container;
            array.set(Integer.parseInt(step.substring(1, step.length() - 1)), array.textNode(text));
        } else {
            ((ObjectNode) container).put(step, text);
        }
    }

    /** The tree as JSON text, the placeholder string replaced by {@code raw} (which may be no valid JSON). */
    static String text(JsonNode root, String raw) {
        String text = root.toString();
        return raw == null ? text : text.replace("\"" + RAW + "\"", raw);
    }
}
