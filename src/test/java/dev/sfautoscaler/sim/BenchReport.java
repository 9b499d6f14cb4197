package dev.sfautoscaler.sim;

import java.util.LinkedHashMap;
import java.util.Map;

/** Writes the benchmark report: README.md, results.json and one SVG chart per scenario. */
final class BenchReport {

    /** Scenario order in the report: the order the issue lists them. */
    static final java.util.List<String> ORDER = java.util.List.of("steady", "step-surge", "daily-sine", "bursty-spikes",
            "slow-ramp", "spot-storm", "idle-burst", "long-processing");

    private BenchReport() {
    }

    static int scenarioOrder(String name) {
        int i = ORDER.indexOf(name);
        return i < 0 ? ORDER.size() : i;
    }

    static void write(java.nio.file.Path out, java.util.List<Scenario> scenarios, java.util.List<Policies.Spec> policies,
            java.util.List<java.util.List<RunResult>> results) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The metrics of one run, in the order the report and the what-if output show them. */
    static Map<String, Object> metrics(RunResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("arrived", r.arrived());
        m.put("processed", r.processed());
        m.put("backlogAtEnd", r.backlogAtEnd());
        m.put("waitP50Seconds", r.waitP50Seconds());
        m.put("waitP95Seconds", r.waitP95Seconds());
        m.put("waitMaxSeconds", r.waitMaxSeconds());
        m.put("secondsOverSlo", r.secondsOverSlo());
        m.put("messagesOverSlo", r.messagesOverSlo());
        m.put("capacityUnitHours", r.capacityUnitHours());
        m.put("physicalLimitUnitHours", r.physicalLimitUnitHours());
        m.put("costRatio", r.costRatio());
        m.put("reprocessedUnitHours", r.reprocessedUnitHours());
        m.put("capacityChanges", r.capacityChanges());
        m.put("interruptions", r.interruptions());
        m.put("invocations", r.invocations());
        m.put("executions", r.executions());
        m.put("stateTransitions", r.stateTransitions());
        return m;
    }
}
