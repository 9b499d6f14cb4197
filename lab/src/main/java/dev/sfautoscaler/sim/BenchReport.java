package dev.sfautoscaler.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the benchmark report: README.md (tables, verdicts against the issue's targets, charts,
 * notes), results.json (every metric of every run) and charts/*.svg. Everything is a function of
 * the runs, so the same code writes the same bytes.
 */
final class BenchReport {

    /** The policy the verdicts are about. */
    static final String OURS = "ours-default";

    /** Scenario order in the report: the order the issue lists them. */
    static final List<String> ORDER = List.of("steady", "step-surge", "step-surge-ec2-fleet", "step-surge-asg",
            "daily-sine", "bursty-spikes", "slow-ramp", "spot-storm", "idle-burst", "long-processing",
            "long-processing-ignoring", "working-day", "slow-release", "fifo-single-group");

    /** Scenarios the 1.3x cost target applies to (steady and smooth traffic). */
    static final List<String> SMOOTH = List.of("steady", "daily-sine", "slow-ramp");

    static final double COST_TARGET = 1.3;

    /** Points per line in a chart; series are downsampled to this (max per bucket). */
    static final int CHART_POINTS = 240;

    private BenchReport() {
    }

    static int scenarioOrder(String name) {
        int i = ORDER.indexOf(name);
        return i < 0 ? ORDER.size() : i;
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
        m.put("workLeftUnitHours", r.workLeftUnitHours());
        m.put("reprocessedUnitHours", r.reprocessedUnitHours());
        m.put("lostMessages", r.lostMessages());
        if (r.drains() > 0) {
            m.put("drains", r.drains());
            m.put("drainsTimedOut", r.drainsTimedOut());
            m.put("drainsCancelled", r.drainsCancelled());
            m.put("drainingUnitHours", r.drainingUnitHours());
        }
        m.put("capacityChanges", r.capacityChanges());
        m.put("interruptions", r.interruptions());
        m.put("invocations", r.invocations());
        m.put("executions", r.executions());
        m.put("stateTransitions", r.stateTransitions());
        if (r.controlLoop() != null) {
            m.put("controlLoopUsdPerFleetMonth", RunResult.round(r.controlLoop().monthlyUsd(), 2));
        }
        return m;
    }

    /** Ours against one baseline on one scenario. */
    record Verdict(boolean sloAtLeast, boolean costAtLeast, boolean strictlyBetter) {
        boolean atLeast() {
            return sloAtLeast && costAtLeast;
        }

        static Verdict of(RunResult ours, RunResult other) {
            boolean slo = ours.secondsOverSlo() <= other.secondsOverSlo();
            boolean cost = ours.costToFinishUnitHours() <= other.costToFinishUnitHours();
            boolean strictly = slo && cost && (ours.secondsOverSlo() < other.secondsOverSlo()
                    || ours.costToFinishUnitHours() < other.costToFinishUnitHours());
            return new Verdict(slo, cost, strictly);
        }
    }

    static void write(Path out, List<Scenario> scenarios, List<Policies.Spec> policies, List<List<RunResult>> results,
            List<Long> seedOffsets, List<List<List<RunResult>>> seeded) {
        try {
            Files.createDirectories(out.resolve("charts"));
            for (int i = 0; i < scenarios.size(); i++) {
                Files.writeString(out.resolve("charts").resolve(scenarios.get(i).name() + ".svg"),
                        chart(scenarios.get(i), results.get(i)), StandardCharsets.UTF_8);
            }
            Files.writeString(out.resolve("results.json"), json(scenarios, policies, results, seedOffsets, seeded),
                    StandardCharsets.UTF_8);
            Files.writeString(out.resolve("README.md"), readme(scenarios, policies, results, seedOffsets, seeded),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + out, e);
        }
    }

    // ------------------------------------------------------------------ charts

    static String chart(Scenario s, List<RunResult> runs) {
        List<SvgChart.Line> lines = new ArrayList<>();
        double maxHours = s.durationSeconds() / 3600.0;
        double capMax = 1;
        for (RunResult r : runs) {
            List<RunStats.Sample> series = r.series();
            int bucket = Math.max(1, (int) Math.ceil(series.size() / (double) CHART_POINTS));
            int n = (series.size() + bucket - 1) / bucket;
            double[] h = new double[n];
            double[] backlog = new double[n];
            double[] cap = new double[n];
            for (int b = 0; b < n; b++) {
                double bl = 0;
                double c = 0;
                for (int k = b * bucket; k < Math.min(series.size(), (b + 1) * bucket); k++) {
                    RunStats.Sample smp = series.get(k);
                    bl = Math.max(bl, smp.visible() + smp.notVisible());
                    c = Math.max(c, smp.fulfilled());
                }
                h[b] = series.get(b * bucket).second() / 3600.0;
                backlog[b] = bl;
                cap[b] = c;
                capMax = Math.max(capMax, c);
            }
            lines.add(new SvgChart.Line(r.policy(), h, backlog, cap, r.policy().equals(OURS)));
        }
        // Units of work arriving: messages sent per bucket x mean processing time / bucket length.
        int bucketSeconds = (int) Math.max(60, Math.ceil(s.durationSeconds() / (double) CHART_POINTS / 60.0) * 60);
        int n = (int) Math.ceil(s.durationSeconds() / (double) bucketSeconds);
        double[] needH = new double[n];
        double[] need = new double[n];
        for (int b = 0; b < n; b++) {
            long sum = 0;
            for (long t = (long) b * bucketSeconds; t < Math.min(s.durationSeconds(), (long) (b + 1) * bucketSeconds); t++) {
                sum += s.arrivals().at(t);
            }
            needH[b] = b * bucketSeconds / 3600.0;
            need[b] = sum * s.plant().processing().meanSeconds()
                    * s.plant().processing().factorAt((double) b * bucketSeconds) / bucketSeconds;
        }
        capMax = Math.min(capMax, Math.max(s.policy().maxCapacity(), 4));
        return SvgChart.render(s.title() + " (" + s.name() + ")", lines, needH, need, maxHours, capMax);
    }

    // ------------------------------------------------------------------ results.json

    static String json(List<Scenario> scenarios, List<Policies.Spec> policies, List<List<RunResult>> results,
            List<Long> seedOffsets, List<List<List<RunResult>>> seeded) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("generatedBy", "make bench (dev.sfautoscaler.sim.Bench)");
        root.put("reference", OURS);
        List<Object> ps = new ArrayList<>();
        for (int p = 0; p < policies.size(); p++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", policies.get(p).name());
            m.put("kind", policies.get(p).kind());
            m.put("description", policies.get(p).description());
            m.put("settingsOnFirstScenario", results.get(0).get(p).settings());
            ps.add(m);
        }
        root.put("policies", ps);
        List<Object> ss = new ArrayList<>();
        for (int i = 0; i < scenarios.size(); i++) {
            Scenario s = scenarios.get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("title", s.title());
            m.put("targetKind", s.plant().target().wireName());
            m.put("seed", s.seed());
            m.put("durationSeconds", s.durationSeconds());
            m.put("sloWaitSeconds", s.sloWaitSeconds());
            m.put("backlogPerUnit", s.policy().backlogPerUnit());
            m.put("minCapacity", s.policy().minCapacity());
            m.put("maxCapacity", s.policy().maxCapacity());
            m.put("physicalLimitUnitHours", results.get(i).get(0).physicalLimitUnitHours());
            List<Object> runs = new ArrayList<>();
            for (RunResult r : results.get(i)) {
                Map<String, Object> rm = new LinkedHashMap<>();
                rm.put("policy", r.policy());
                rm.putAll(metrics(r));
                runs.add(rm);
            }
            m.put("runs", runs);
            List<Object> seedRuns = new ArrayList<>();
            for (int k = 0; k < seedOffsets.size(); k++) {
                Map<String, Object> sm = new LinkedHashMap<>();
                sm.put("seed", seeded.get(k).get(i).get(0).seed());
                List<Object> rs = new ArrayList<>();
                for (RunResult r : seeded.get(k).get(i)) {
                    Map<String, Object> rm = new LinkedHashMap<>();
                    rm.put("policy", r.policy());
                    rm.put("secondsOverSlo", r.secondsOverSlo());
                    rm.put("messagesOverSlo", r.messagesOverSlo());
                    rm.put("capacityUnitHours", r.capacityUnitHours());
                    rm.put("costRatio", r.costRatio());
                    rm.put("workLeftUnitHours", r.workLeftUnitHours());
                    rm.put("waitP95Seconds", r.waitP95Seconds());
                    rm.put("reprocessedUnitHours", r.reprocessedUnitHours());
                    rm.put("lostMessages", r.lostMessages());
                    rs.add(rm);
                }
                sm.put("runs", rs);
                seedRuns.add(sm);
            }
            m.put("otherSeeds", seedRuns);
            ss.add(m);
        }
        root.put("scenarios", ss);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ README.md

    static String readme(List<Scenario> scenarios, List<Policies.Spec> policies, List<List<RunResult>> results,
            List<Long> seedOffsets, List<List<List<RunResult>>> seeded) {
        int ours = indexOf(policies, OURS);
        StringBuilder b = new StringBuilder();
        b.append("# Benchmarks: our policy against the alternatives\n\n");
        b.append("<!-- Generated by `make bench` from scenarios/bench/*.json and scenarios/policies.json. "
                + "Do not edit: change the scenarios, the policies or docs/benchmarks/notes.md and run `make bench`. -->\n\n");
        b.append("An autoscaler's performance is how little capacity it pays for while keeping the queue's wait "
                + "within a target. Every policy below runs on the same simulated plant with the same messages, the "
                + "same processing times and the same Spot interruptions (one seed per scenario), and is measured "
                + "the same way. Cost is capacity-unit-hours billed; the **physical limit** is the total processing "
                + "time of every message sent, the least any policy could pay; `× limit` is a policy's cost over it. "
                + "A policy that leaves messages queued at the end can come out below 1.0: see *backlog at end*.\n\n");
        b.append("Our policy is driven exactly as deployed: the real `ScalingDecider`, `CapacityReader` and "
                + "`CapacityModifier` from `src/main/java/dev/sfautoscaler/core` run inside the simulator "
                + "(see [Model](#model-and-assumptions)).\n\n");
        if (ours >= 0) {
            DrainSection.Check drain = DrainSection.check(scenarios, policies, results, seeded);
            targets(b, scenarios, policies, results, ours, seedOffsets, seeded, drain);
            SloSizingSection.write(b, scenarios, policies, results, ours, seeded);
            if (drain != null) {
                DrainSection.write(b, drain);
            }
        }
        b.append("## All policies at a glance\n\n");
        b.append("Each cell: cost as a multiple of the physical limit, then seconds in which some message had waited "
                + "longer than the SLO. Bold: meets the SLO (no second and no message over it).\n\n");
        b.append("| scenario | SLO |");
        for (Policies.Spec p : policies) {
            b.append(' ').append(p.name()).append(" |");
        }
        b.append("\n|---|---|");
        b.append("---|".repeat(policies.size()));
        b.append('\n');
        for (int i = 0; i < scenarios.size(); i++) {
            Scenario s = scenarios.get(i);
            b.append("| [").append(s.name()).append("](#").append(anchor(s)).append(") | ")
                    .append(s.sloWaitSeconds()).append(" s |");
            for (RunResult r : results.get(i)) {
                String cell = f2(r.costRatio()) + " / " + r.secondsOverSlo() + " s";
                b.append(' ').append(r.meetsSlo() ? "**" + cell + "**" : cell).append(" |");
            }
            b.append('\n');
        }
        b.append('\n');
        notes(b);
        BillSection.write(b, scenarios, policies, results);
        for (int i = 0; i < scenarios.size(); i++) {
            scenarioSection(b, scenarios.get(i), results.get(i));
        }
        if (!seedOffsets.isEmpty()) {
            seedsSection(b, scenarios, policies, seedOffsets, seeded, ours);
        }
        policiesSection(b, policies, results.get(0));
        b.append(MODEL);
        b.append(WHAT_IF);
        return b.toString();
    }

    private static void targets(StringBuilder b, List<Scenario> scenarios, List<Policies.Spec> policies,
            List<List<RunResult>> results, int ours, List<Long> seedOffsets, List<List<List<RunResult>>> seeded,
            DrainSection.Check drain) {
        b.append("## The targets, checked\n\n");
        // 1. SLO wherever any policy meets it.
        List<String> met = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        List<String> nobody = new ArrayList<>();
        for (int i = 0; i < scenarios.size(); i++) {
            boolean any = false;
            for (RunResult r : results.get(i)) {
                any |= r.meetsSlo();
            }
            RunResult o = results.get(i).get(ours);
            if (!any) {
                nobody.add(scenarios.get(i).name() + " (ours: " + o.secondsOverSlo() + " s over, fewest: "
                        + fewestSloSeconds(results.get(i), policies) + ")");
            } else if (o.meetsSlo()) {
                met.add(scenarios.get(i).name());
            } else {
                missed.add(scenarios.get(i).name() + " (" + o.secondsOverSlo() + " s, " + o.messagesOverSlo()
                        + " messages over)");
            }
        }
        b.append("1. **Meets the SLO on every scenario where any policy does**: ")
                .append(missed.isEmpty() ? "yes" : "**no**").append(". Met on ").append(String.join(", ", met))
                .append('.');
        if (!missed.isEmpty()) {
            b.append(" Missed on ").append(String.join("; ", missed)).append('.');
        }
        if (!nobody.isEmpty()) {
            b.append(" No policy meets it on ").append(String.join("; ", nobody)).append('.');
        }
        b.append("\n");
        // 2. Cost on smooth scenarios.
        List<String> costs = new ArrayList<>();
        boolean allUnder = true;
        for (int i = 0; i < scenarios.size(); i++) {
            if (SMOOTH.contains(scenarios.get(i).name())) {
                double ratio = results.get(i).get(ours).costRatio();
                allUnder &= ratio <= COST_TARGET;
                costs.add(scenarios.get(i).name() + " " + f3(ratio) + "×");
            }
        }
        b.append("2. **At most ").append(f1(COST_TARGET)).append("× the physical limit on steady and smooth scenarios**: ")
                .append(allUnder ? "yes" : "**no**").append(" (").append(String.join(", ", costs)).append(").\n");
        // 3. Against each baseline.
        b.append("3. **Against each alternative: at least as good on both SLO seconds and cost on most scenarios, "
                + "strictly better on at least one** (scenario seed; then the same count over ")
                .append(seedOffsets.size()).append(" more seeds):\n\n");
        b.append("| alternative | at least as good on both | strictly better | target met | where not (reasons: see below) |\n");
        b.append("|---|---|---|---|---|\n");
        for (int p = 0; p < policies.size(); p++) {
            if (policies.get(p).kind().equals("ours")) {
                continue;
            }
            int atLeast = 0;
            int strictly = 0;
            List<String> not = new ArrayList<>();
            for (int i = 0; i < scenarios.size(); i++) {
                Verdict v = Verdict.of(results.get(i).get(ours), results.get(i).get(p));
                if (v.atLeast()) {
                    atLeast++;
                } else {
                    RunResult o = results.get(i).get(ours);
                    RunResult r = results.get(i).get(p);
                    not.add(scenarios.get(i).name() + ": " + (v.sloAtLeast() ? "" : "SLO " + o.secondsOverSlo()
                            + " s vs " + r.secondsOverSlo() + " s") + (v.sloAtLeast() || v.costAtLeast() ? "" : ", ")
                            + (v.costAtLeast() ? "" : "cost " + f3(finishRatio(o)) + "× vs " + f3(finishRatio(r)) + "×"));
                }
                if (v.strictlyBetter()) {
                    strictly++;
                }
            }
            int seedAtLeast = 0;
            int seedRuns = 0;
            for (List<List<RunResult>> seed : seeded) {
                for (List<RunResult> row : seed) {
                    seedRuns++;
                    if (Verdict.of(row.get(ours), row.get(p)).atLeast()) {
                        seedAtLeast++;
                    }
                }
            }
            boolean ok = atLeast * 2 > scenarios.size() && strictly > 0;
            b.append("| ").append(policies.get(p).name()).append(" | ").append(atLeast).append(" of ")
                    .append(scenarios.size());
            if (seedRuns > 0) {
                b.append(" (").append(seedAtLeast).append(" of ").append(seedRuns).append(" seeded runs)");
            }
            b.append(" | ").append(strictly).append(" | ").append(ok ? "yes" : "**no**").append(" | ")
                    .append(not.isEmpty() ? "—" : String.join("; ", not)).append(" |\n");
        }
        b.append("\nSLO seconds and cost are compared exactly (no tolerance), so a difference of a fraction of a "
                + "percent counts as a loss; the seeded runs show which differences hold up. Cost here is the *cost to "
                + "finish*: capacity-unit-hours billed plus the work still queued at the end (a policy that leaves "
                + "messages unprocessed has not saved their cost, only deferred it), shown as a multiple of the "
                + "physical limit. The reasons behind each loss are in [Reading the results](#reading-the-results)."
                + "\n\n");
        // 4. Draining against terminating (issue 13).
        if (drain != null) {
            b.append(DrainSection.targetItem(drain, 4));
        }
    }

    /** Cost to finish all the work, as a multiple of the physical limit. */
    static double finishRatio(RunResult r) {
        return r.physicalLimitUnitHours() > 0 ? r.costToFinishUnitHours() / r.physicalLimitUnitHours() : 0;
    }

    private static String fewestSloSeconds(List<RunResult> runs, List<Policies.Spec> policies) {
        RunResult best = runs.get(0);
        for (RunResult r : runs) {
            if (r.secondsOverSlo() < best.secondsOverSlo()) {
                best = r;
            }
        }
        return best.policy() + " " + best.secondsOverSlo() + " s";
    }

    private static void notes(StringBuilder b) {
        Path notes = Path.of("docs", "benchmarks", "notes.md");
        if (Files.exists(notes)) {
            try {
                b.append(Files.readString(notes, StandardCharsets.UTF_8).strip()).append("\n\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** What the plant's kind of target changes (Scenario.Plant#target). */
    static String targetText(Scenario.Plant p) {
        return switch (p.target()) {
            case SPOT_FLEET -> "a maintain Spot Fleet: `modifying` for " + f0(p.fleetModifyingSeconds())
                    + " s after a change, a scale-in drains for " + f0(p.drainSeconds()) + " s.";
            case EC2_FLEET -> "a maintain EC2 Fleet: `modifying` for " + f0(p.fleetModifyingSeconds())
                    + " s after a change (ModifyFleet), a scale-in drains for " + f0(p.drainSeconds()) + " s.";
            case AUTO_SCALING_GROUP -> "an Auto Scaling group: no `modifying` state (SetDesiredCapacity), an instance "
                    + "counts from its launch request (Pending), a scale-in terminates at once (no drain).";
        };
    }

    private static void scenarioSection(StringBuilder b, Scenario s, List<RunResult> runs) {
        Scenario.Plant p = s.plant();
        RunResult first = runs.get(0);
        b.append("## ").append(s.title()).append(" (`").append(s.name()).append("`)\n\n");
        if (!s.description().isEmpty()) {
            b.append(s.description()).append("\n\n");
        }
        b.append("SLO: wait at most ").append(s.sloWaitSeconds()).append(" s. ")
                .append(hours(s.durationSeconds())).append(", ").append(String.format(Locale.ROOT, "%,d", first.arrived()))
                .append(" messages (").append(s.arrivals().source()).append("), ")
                .append(f1(p.processing().meanSeconds())).append(" s of work each (").append(p.processing().distribution())
                .append("). Launch: ").append(f0(p.fulfilmentMinSeconds())).append("–").append(f0(p.fulfilmentMaxSeconds()))
                .append(" s fulfilment + ").append(f0(p.bootSeconds())).append(" s boot; visibility timeout ")
                .append(f0(p.visibilityTimeoutSeconds())).append(" s; Spot interruptions ")
                .append(p.interruptionsPerHour()).append(" per instance-hour")
                .append(p.storms().isEmpty() ? "" : " (storm: " + stormText(p.storms()) + ")")
                .append(". Bounds ").append(s.policy().minCapacity()).append("–").append(s.policy().maxCapacity())
                .append(", backlogPerUnit ").append(s.policy().backlogPerUnit())
                .append(", starting at ").append(p.initialCapacity()).append(" units. Physical limit: ")
                .append(f2(first.physicalLimitUnitHours())).append(" unit-hours.\n\n");
        b.append("Target: ").append(targetText(p)).append("\n\n");
        b.append("![").append(s.name()).append(": backlog and capacity of every policy](charts/").append(s.name())
                .append(".svg)\n\n");
        b.append("| policy | wait p50 s | p95 s | max s | s over SLO | msgs over SLO | unit-hours | × limit "
                + "| lost msgs | reprocessed unit-h | changes | executions | transitions | backlog at end "
                + "| work left, unit-h | control loop USD per fleet-month |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (RunResult r : runs) {
            boolean ours = r.policy().equals(OURS);
            String name = ours ? "**" + r.policy() + "**" : r.policy();
            b.append("| ").append(name).append(" | ").append(f1(r.waitP50Seconds())).append(" | ")
                    .append(f1(r.waitP95Seconds())).append(" | ").append(f1(r.waitMaxSeconds())).append(" | ")
                    .append(r.secondsOverSlo()).append(" | ").append(r.messagesOverSlo()).append(" | ")
                    .append(f2(r.capacityUnitHours())).append(" | ").append(f3(r.costRatio())).append(" | ")
                    .append(r.lostMessages()).append(" | ").append(f2(r.reprocessedUnitHours())).append(" | ")
                    .append(r.capacityChanges()).append(" | ").append(r.executions() == 0 ? "–" : r.executions())
                    .append(" | ").append(r.stateTransitions() == 0 ? "–" : r.stateTransitions()).append(" | ")
                    .append(r.backlogAtEnd()).append(" | ").append(f2(r.workLeftUnitHours())).append(" | ")
                    .append(r.controlLoop() == null ? "–" : f2(r.controlLoop().monthlyUsd())).append(" |\n");
        }
        b.append("| *physical limit* | | | | | | ").append(f2(first.physicalLimitUnitHours()))
                .append(" | 1.000 | | | | | | | | |\n\n");
    }

    private static void seedsSection(StringBuilder b, List<Scenario> scenarios, List<Policies.Spec> policies,
            List<Long> seedOffsets, List<List<List<RunResult>>> seeded, int ours) {
        b.append("## Across seeds\n\n");
        b.append("The same scenarios with ").append(seedOffsets.size())
                .append(" other seeds (other arrivals, processing times, launch delays and interruptions). Each cell: "
                        + "mean cost as a multiple of the physical limit / mean seconds over the SLO.\n\n");
        b.append("| scenario |");
        for (Policies.Spec p : policies) {
            b.append(' ').append(p.name()).append(" |");
        }
        b.append("\n|---|").append("---|".repeat(policies.size())).append('\n');
        for (int i = 0; i < scenarios.size(); i++) {
            b.append("| ").append(scenarios.get(i).name()).append(" |");
            for (int p = 0; p < policies.size(); p++) {
                double cost = 0;
                double slo = 0;
                for (List<List<RunResult>> seed : seeded) {
                    cost += seed.get(i).get(p).costRatio();
                    slo += seed.get(i).get(p).secondsOverSlo();
                }
                b.append(' ').append(f3(cost / seeded.size())).append(" / ").append(Math.round(slo / seeded.size()))
                        .append(" s |");
            }
            b.append('\n');
        }
        b.append('\n');
    }

    private static void policiesSection(StringBuilder b, List<Policies.Spec> policies, List<RunResult> firstRuns) {
        b.append("## Policies compared\n\n");
        b.append("Bounds and backlog targets come from each scenario (shared by every policy that has them); the "
                + "settings shown are those of the first scenario.\n\n");
        for (int p = 0; p < policies.size(); p++) {
            Policies.Spec spec = policies.get(p);
            b.append("- **").append(spec.name()).append("** (`").append(spec.kind()).append("`): ")
                    .append(spec.description()).append(" Settings: `").append(settingsText(firstRuns.get(p).settings()))
                    .append("`\n");
        }
        b.append('\n');
    }

    @SuppressWarnings("unchecked")
    static String settingsText(Map<String, Object> settings) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Object> e : settings.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> m) {
                parts.add(e.getKey() + "={" + settingsText((Map<String, Object>) m) + "}");
            } else {
                parts.add(e.getKey() + "=" + e.getValue());
            }
        }
        return String.join(", ", parts);
    }

    private static String stormText(List<Scenario.Storm> storms) {
        List<String> out = new ArrayList<>();
        for (Scenario.Storm s : storms) {
            out.add(s.perInstanceHour() + "/instance-hour from " + clock(s.startSecond()) + " to " + clock(s.endSecond()));
        }
        return String.join(", ", out);
    }

    private static int indexOf(List<Policies.Spec> policies, String name) {
        for (int i = 0; i < policies.size(); i++) {
            if (policies.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static String anchor(Scenario s) {
        return (s.title() + " " + s.name()).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-');
    }

    private static String hours(long seconds) {
        return seconds % 3600 == 0 ? (seconds / 3600) + " h" : f1(seconds / 3600.0) + " h";
    }

    private static String clock(long seconds) {
        return String.format(Locale.ROOT, "%d:%02d", seconds / 3600, seconds % 3600 / 60);
    }

    static String f0(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String f3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static final String MODEL = """
            ## Model and assumptions

            The simulator lives in the lab (`lab/src/main/java/dev/sfautoscaler/sim`), never in the Lambda zip.
            It is discrete-event (millisecond resolution) and deterministic for a seed.

            - **Traffic**: messages sent per second, from a trace (`second,arrivals`) or generated segments
              (constant, ramp, sine, random spikes) with Poisson counts. Each message's processing time is drawn
              once (exponential, lognormal or fixed), from a random stream of its own, so every policy gets the same
              messages with the same work.
            - **Workers and fleet**: one capacity unit runs one worker that receives a message as soon as one is
              visible. A `maintain` spot fleet follows its target: a new instance is fulfilled after a uniform Spot
              delay (not billed), boots (billed, no work), then works. On scale-in EC2 terminates the newest
              instances first; without a drain an instance leaves at once and the message it held reappears when
              its visibility timeout (from receipt) runs out. Spot interruptions hit each instance at the scenario's
              rate (higher during a storm); the fleet replaces them. After a change the fleet reports `modifying`
              for 10 s and refuses further changes.
            - **CloudWatch**: SQS publishes one datapoint a minute (sampled mid-minute, visible to alarms 60 s after
              the minute ends); a queue that is empty with no sends or receives for 6 h stops publishing, and its
              metrics come back 15 min after activity resumes. Alarms are evaluated every minute over a sliding
              window with their statistic, period and M-of-N datapoints, on the most recent datapoints found
              within the evaluation range; when fewer than N are found, the alarm's missing-data treatment fills
              the gap (`missing`, the baselines' and our scale-out alarm's: none at all gives INSUFFICIENT_DATA;
              `notBreaching`, our scale-in alarm's: a gap counts as within the threshold); only state changes
              reach EventBridge, SNS or Application Auto Scaling.
            - **Our workflow**: an EventBridge schedule and/or an alarm entering ALARM starts an execution after 2 s.
              ReadCapacity reads the live queue (as GetQueueAttributes does, not CloudWatch) and the fleet, Decide
              runs `ScalingDecider`, ModifyCapacity runs `CapacityModifier`, which writes the last-change marker on
              the simulated fleet, so cooldowns and de-duplication hold across executions; each Lambda task takes
              1 s. The execution goes through the states of `statemachine/autoscaler.asl.json`: a round that
              changes nothing ends it; after a change a scheduled execution ends, an alarm-started one waits
              `settleSeconds`, re-checks the alarm and goes round again while it is in ALARM, up to `maxRounds`.
              `FleetBusy` is retried as the definition's Retry says (3 s, x2, at most 60 s, 6 times, full jitter)
              and `CapacityChanged` reads and decides again, at most twice a round; when either runs out the
              execution notifies the failure (after a failed modify, it reads the fleet again first) and fails.
              State transitions are the states entered (a test walks the definition to keep the simulator's lists
              equal to it): 6 for an execution without a change, 11 for one that scales once, 12 more per further
              alarm round that scales (15 when the alarm has cleared after one change); Step Functions bills each,
              and each retry (the control loop's bill counts them).
            - **Baselines** act on the same plant with the same timing: the original Lambda (via SNS) reads the
              target and adds or removes one unit, without retry; Application Auto Scaling runs its policy a few
              seconds after each alarm evaluation that finds the alarm in ALARM (step scaling: the step for the
              latest datapoint's distance past the threshold; target tracking: running instances x latest
              datapoint / target value, its metric published every minute by a job that reads the live queue);
              KEDA polls the live queue, activates 0 -> 1 and scales under the HPA's default limits.

            Not modelled: weighted instance types, Spot capacity shortages (every request is fulfilled), workers
            that extend or reset visibility on shutdown, SQS's approximate counts (the simulator reports exact
            counts), the delay queue, Lambda cold starts and throttling, and EventBridge duplicate deliveries.

            """;

    static final String WHAT_IF = """
            ## What-if: replay your own traffic before deploying

            ```sh
            make whatif SCENARIO=scenarios/bench/steady.json                      # our default policy
            make whatif SCENARIO=scenarios/bench/steady.json TRACE=my-traffic.csv  # your arrivals instead
            make whatif SCENARIO=my-scenario.json POLICY=my-policy.json            # your plant and policy
            make whatif SCENARIO=scenarios/bench/steady.json POLICY=keda           # any policy in scenarios/policies.json
            ```

            It prints the metrics above as JSON. A trace is a CSV of `second,arrivals` rows (a header line is
            optional; seconds without a row have no arrivals). A policy file is one entry in the format of
            `scenarios/policies.json`; for ours, `"policy"` takes the same fields as the execution input's `policy`
            object, so what you test is what you deploy. See `scenarios/README.md`.
            """;
}
