package dev.sfautoscaler.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Policy specifications ({@code {"name": ..., "kind": ..., settings}}) and the autoscalers they make. */
final class Policies {

    /** Kinds a policy file may name. */
    static final List<String> KINDS = List.of("original", "aas-step", "aas-target-tracking", "keda", "ours");

    private Policies() {
    }

    /** A named policy spec; turned into a fresh autoscaler per run, since autoscalers keep state. */
    record Spec(String name, String kind, JsonNode json, String where) {

        Autoscaler create(Scenario s) {
            JsonObject o = JsonObject.of(json, where);
            o.text("name", null);
            o.text("kind", null);
            o.text("description", null);
            Autoscaler a = switch (kind) {
                case "original" -> OriginalDesign.fromJson(name, o, s);
                case "aas-step" -> StepScaling.fromJson(name, o, s);
                case "aas-target-tracking" -> TargetTracking.fromJson(name, o, s);
                case "keda" -> Keda.fromJson(name, o, s);
                case "ours" -> OurWorkflow.fromJson(name, o, s);
                default -> throw new ScenarioException(o.path("kind") + " must be one of " + KINDS + "; got '" + kind + "'");
            };
            o.done();
            return a;
        }

        String description() {
            JsonNode d = json.get("description");
            return d == null ? "" : d.asText();
        }
    }

    static Spec spec(JsonNode node, String where) {
        JsonObject o = JsonObject.of(node, where);
        String kind = o.text("kind", "ours");
        if (!KINDS.contains(kind)) {
            throw new ScenarioException(o.path("kind") + " must be one of " + KINDS + "; got '" + kind + "'");
        }
        return new Spec(o.text("name", kind), kind, node, where);
    }

    /** A JSON array of specs, or a single spec object. */
    static List<Spec> load(Path file) {
        JsonNode node = ScenarioLoader.readJson(file);
        List<Spec> specs = new ArrayList<>();
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                specs.add(spec(node.get(i), file + ": [" + i + "]"));
            }
        } else {
            specs.add(spec(node, file + ": "));
        }
        List<String> names = new ArrayList<>();
        for (Spec s : specs) {
            if (names.contains(s.name())) {
                throw new ScenarioException(file + ": two policies are named " + s.name());
            }
            names.add(s.name());
        }
        return specs;
    }
}
