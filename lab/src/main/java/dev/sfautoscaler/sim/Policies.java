package dev.sfautoscaler.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sfautoscaler.core.TargetKind;
import dev.sfautoscaler.wire.WireObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Policy specifications ({@code {"name": ..., "kind": ..., settings}}) and the autoscalers they make. */
final class Policies {

    /** Kinds a policy file may name. */
    static final List<String> KINDS = List.of("original", "aas-step", "aas-target-tracking", "keda", "ours");

    private Policies() {
    }

    /** A named policy spec; turned into a fresh autoscaler per run, since autoscalers keep state. */
    record Spec(String name, String kind, JsonNode json, String file, String path) {

        Autoscaler create(Scenario s) {
            WireObject o = ScenarioException.object(json, file, path);
            o.optionalText("name");
            o.optionalText("kind");
            o.optionalText("description");
            Autoscaler a = switch (kind) {
                case "original" -> OriginalDesign.fromJson(name, o, s);
                case "aas-step" -> StepScaling.fromJson(name, o, s);
                case "aas-target-tracking" -> TargetTracking.fromJson(name, o, s);
                case "keda" -> Keda.fromJson(name, o, s);
                case "ours" -> OurWorkflow.fromJson(name, o, s);
                default -> throw o.invalid("kind", "must be one of " + KINDS + "; got '" + kind + "'");
            };
            o.done();
            return a;
        }

        String description() {
            JsonNode d = json.get("description");
            return d == null ? "" : d.asText();
        }
    }

    /** The spec at {@code path} of {@code file} (empty for a file holding one spec). */
    static Spec spec(JsonNode node, String file, String path) {
        WireObject o = ScenarioException.object(node, file, path);
        String kind = o.optionalText("kind").orElse("ours");
        if (!KINDS.contains(kind)) {
            throw o.invalid("kind", "must be one of " + KINDS + "; got '" + kind + "'");
        }
        return new Spec(o.optionalText("name").orElse(kind), kind, node, file, path);
    }

    /** A JSON array of specs, or a single spec object. */
    static List<Spec> load(Path file) {
        JsonNode node = ScenarioLoader.readJson(file);
        List<Spec> specs = new ArrayList<>();
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                specs.add(spec(node.get(i), file.toString(), "[" + i + "]"));
            }
        } else {
            specs.add(spec(node, file.toString(), ""));
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

    /** The kind a {@code --target-kind} option names; anything else is a usage error naming the three. */
    static TargetKind targetKind(CommandSpec spec, String given) {
        TargetKind kind = TargetKind.fromWireOrNull(given.trim());
        if (kind == null) {
            throw new ParameterException(spec.commandLine(), "--target-kind must be spot-fleet, "
                    + "ec2-fleet or auto-scaling-group; got '" + given + "'");
        }
        return kind;
    }
}
