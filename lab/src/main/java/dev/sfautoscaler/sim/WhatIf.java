package dev.sfautoscaler.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What-if before deploying: runs one scenario (optionally with your own trace) against one policy
 * and prints the metrics as JSON.
 *
 * <pre>
 * make whatif SCENARIO=scenarios/bench/steady.json [TRACE=my-traffic.csv] [POLICY=my-policy.json|ours-default] [SEED=7]
 * </pre>
 */
public final class WhatIf {

    private WhatIf() {
    }

    public static void main(String[] args) throws Exception {
        try {
            System.out.println(run(args));
        } catch (ScenarioException | IllegalArgumentException e) {
            System.err.println("whatif: " + e.getMessage());
            System.exit(2);
        }
    }

    static String run(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        String scenarioFile = opts.get("scenario");
        if (scenarioFile == null) {
            throw new IllegalArgumentException("--scenario <file.json> is required; " + usage());
        }
        Scenario scenario = ScenarioLoader.load(Path.of(scenarioFile));
        if (opts.containsKey("trace")) {
            Arrivals trace = Arrivals.trace(Path.of(opts.get("trace")));
            long duration = opts.containsKey("duration") ? Long.parseLong(opts.get("duration"))
                    : trace.seconds() + ScenarioLoader.TRACE_TAIL_SECONDS;
            scenario = scenario.withArrivals(trace, duration);
        } else if (opts.containsKey("duration")) {
            scenario = scenario.withArrivals(scenario.arrivals(), Long.parseLong(opts.get("duration")));
        }
        if (opts.containsKey("seed")) {
            scenario = scenario.withSeed(Long.parseLong(opts.get("seed")));
        }
        Policies.Spec spec = policy(opts.getOrDefault("policy", "ours-default"),
                Path.of(opts.getOrDefault("policies", "scenarios/policies.json")));
        Autoscaler autoscaler = spec.create(scenario);
        if (opts.containsKey("decisions") && autoscaler instanceof OurWorkflow w) {
            w.keepDecisions();
        }
        RunResult r = Simulation.run(scenario, autoscaler);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scenario", scenario.name());
        out.put("arrivals", scenario.arrivals().source());
        out.put("durationSeconds", scenario.durationSeconds());
        out.put("sloWaitSeconds", scenario.sloWaitSeconds());
        out.put("metrics", BenchReport.metrics(r));
        out.put("policy", r.policy());
        out.put("settings", r.settings());
        if (autoscaler instanceof OurWorkflow w && opts.containsKey("decisions")) {
            out.put("decisions", w.decisions());
        }
        if (opts.containsKey("series")) {
            out.put("series", r.series());
        }
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        return json.writeValueAsString(out);
    }

    /** A policy file (one spec) or the name of a policy in the bench list. */
    static Policies.Spec policy(String arg, Path benchPolicies) {
        Path file = Path.of(arg);
        if (arg.endsWith(".json") && Files.exists(file)) {
            List<Policies.Spec> specs = Policies.load(file);
            if (specs.size() != 1) {
                throw new ScenarioException(file + " lists " + specs.size() + " policies; give one");
            }
            return specs.get(0);
        }
        if (arg.endsWith(".json")) {
            throw new ScenarioException("policy file " + arg + " does not exist");
        }
        List<String> names = new ArrayList<>();
        for (Policies.Spec s : Policies.load(benchPolicies)) {
            if (s.name().equals(arg)) {
                return s;
            }
            names.add(s.name());
        }
        throw new ScenarioException("no policy named '" + arg + "' in " + benchPolicies + "; known: " + names);
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "'; " + usage());
            }
            String key = a.substring(2);
            if (key.equals("decisions") || key.equals("series")) {
                opts.put(key, "true");
                continue;
            }
            if (!List.of("scenario", "trace", "policy", "policies", "seed", "duration").contains(key)) {
                throw new IllegalArgumentException("unknown option " + a + "; " + usage());
            }
            if (i + 1 >= args.length || args[i + 1].isBlank()) {
                throw new IllegalArgumentException(a + " needs a value; " + usage());
            }
            opts.put(key, args[++i]);
        }
        return opts;
    }

    static String usage() {
        return "usage: --scenario <file.json> [--trace <second,arrivals.csv>] [--policy <file.json>|<name>] "
                + "[--policies scenarios/policies.json] [--seed <n>] [--duration <seconds>] [--decisions] [--series]";
    }
}
