package dev.sfautoscaler.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lab whatif} ({@code make whatif}): what-if before deploying. Runs one scenario (optionally
 * with your own trace) against one policy and prints the metrics as JSON.
 */
@Command(name = "whatif", sortOptions = false,
        description = {"Runs one scenario against one policy on the simulator and prints the metrics as JSON: "
                + "a what-if before deploying."})
public final class WhatIf implements Callable<Integer> {

    /** How long a run on a trace lasts after the trace's last second, unless --duration says. */
    public static final long TRACE_TAIL_SECONDS = ScenarioLoader.TRACE_TAIL_SECONDS;

    @Spec
    private CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "<file.json>", required = true,
            description = "the scenario: plant, arrivals, wait-time target, policy fields (scenarios/README.md)")
    private Path scenarioFile;

    @Option(names = "--trace", paramLabel = "<file.csv>",
            description = "arrivals from a trace (second,arrivals rows) instead of the scenario's; the run lasts "
                    + "the trace plus " + TRACE_TAIL_SECONDS + " s unless --duration says")
    private Path trace;

    @Option(names = "--policy", paramLabel = "<name|file.json>", defaultValue = "ours-default",
            description = "a policy named in --policies, or a file with one policy (default: ${DEFAULT-VALUE})")
    private String policy;

    @Option(names = "--policies", paramLabel = "<file.json>", defaultValue = "scenarios/policies.json",
            description = "where --policy names are looked up (default: ${DEFAULT-VALUE})")
    private Path policies;

    @Option(names = "--seed", paramLabel = "<n>", description = "the random seed (default: the scenario's)")
    private Long seed;

    @Option(names = "--duration", paramLabel = "<seconds>",
            description = "simulated seconds to run (default: the scenario's, or the trace plus its tail)")
    private Long duration;

    @Option(names = "--decisions", description = "add every decision of our policy, with its reason sentence")
    private boolean decisions;

    @Option(names = "--series", description = "add the one-minute samples of queue and fleet")
    private boolean series;

    @Option(names = "--target-kind", paramLabel = "<kind>",
            description = "spot-fleet, ec2-fleet or auto-scaling-group: the kind of target the plant is (default: the "
                    + "scenario's plant.target, else spot-fleet)")
    private String targetKind;

    @Override
    public Integer call() throws Exception {
        if (duration != null && duration < 1) {
            throw new ParameterException(spec.commandLine(),
                    "--duration must be at least 1 second; got " + duration);
        }
        try {
            spec.commandLine().getOut().println(json());
            spec.commandLine().getOut().flush();
            return 0;
        } catch (ScenarioException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("whatif: " + e.getMessage());
            return 2;
        }
    }

    private String json() throws Exception {
        Scenario scenario = ScenarioLoader.load(scenarioFile);
        if (trace != null) {
            Arrivals arrivals = Arrivals.trace(trace);
            scenario = scenario.withArrivals(arrivals,
                    duration != null ? duration : arrivals.seconds() + TRACE_TAIL_SECONDS);
        } else if (duration != null) {
            scenario = scenario.withArrivals(scenario.arrivals(), duration);
        }
        if (seed != null) {
            scenario = scenario.withSeed(seed);
        }
        if (targetKind != null) {
            scenario = scenario.withTarget(Policies.targetKind(spec, targetKind));
        }
        Autoscaler autoscaler = policy(policy, policies).create(scenario);
        if (decisions && autoscaler instanceof OurWorkflow w) {
            w.keepDecisions();
        }
        RunResult r = Simulation.run(scenario, autoscaler);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scenario", scenario.name());
        out.put("arrivals", scenario.arrivals().source());
        out.put("durationSeconds", scenario.durationSeconds());
        out.put("sloWaitSeconds", scenario.sloWaitSeconds());
        out.put("targetKind", scenario.plant().target().wireName());
        out.put("metrics", BenchReport.metrics(r));
        out.put("policy", r.policy());
        out.put("settings", r.settings());
        if (autoscaler instanceof OurWorkflow w && decisions) {
            out.put("decisions", w.decisions());
        }
        if (series) {
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
}
