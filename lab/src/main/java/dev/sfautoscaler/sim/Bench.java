package dev.sfautoscaler.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code make bench}: every policy on every scenario; writes the report to the output directory
 * (README.md, results.json, charts/). Deterministic: the same code writes the same bytes.
 *
 * <pre>
 * Bench [--scenarios scenarios/bench] [--policies scenarios/policies.json] [--out docs/benchmarks]
 *       [--only steady,step-surge] [--table]
 * </pre>
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--table")) {
                opts.put("table", "true");
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                opts.put(args[i].substring(2), args[++i]);
            } else {
                System.err.println("bench: unexpected argument " + args[i]);
                System.exit(2);
            }
        }
        try {
            List<Scenario> scenarios = scenarios(Path.of(opts.getOrDefault("scenarios", "scenarios/bench")),
                    opts.get("only"));
            List<Policies.Spec> policies = Policies.load(Path.of(opts.getOrDefault("policies", "scenarios/policies.json")));
            if (opts.containsKey("seeds")) {
                for (String seed : opts.get("seeds").split(",")) {
                    List<Scenario> reseeded = scenarios.stream().map(s -> s.withSeed(s.seed() * 1000 + Long.parseLong(seed))).toList();
                    System.out.print(table(reseeded, runAll(reseeded, policies)));
                }
                return;
            }
            List<List<RunResult>> results = runAll(scenarios, policies);
            if (opts.containsKey("table")) {
                System.out.print(table(scenarios, results));
            } else {
                Path out = Path.of(opts.getOrDefault("out", "docs/benchmarks"));
                List<Long> seeds = List.of(1L, 2L, 3L, 4L, 5L);
                List<List<List<RunResult>>> seeded = new ArrayList<>();
                for (long k : seeds) {
                    seeded.add(runAll(scenarios.stream().map(s -> s.withSeed(s.seed() * 1000 + k)).toList(), policies));
                }
                BenchReport.write(out, scenarios, policies, results, seeds, seeded);
                System.out.println("bench: wrote " + out.resolve("README.md") + ", results.json and "
                        + scenarios.size() + " charts");
            }
        } catch (ScenarioException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
        }
    }

    static List<Scenario> scenarios(Path dir, String only) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted(Comparator.comparing(Path::toString)).toList();
        }
        List<Scenario> out = new ArrayList<>();
        List<String> wanted = only == null ? List.of() : List.of(only.split(","));
        for (Path f : files) {
            Scenario s = ScenarioLoader.load(f);
            if (wanted.isEmpty() || wanted.contains(s.name())) {
                out.add(s);
            }
        }
        out.sort(Comparator.comparingInt(s -> BenchReport.scenarioOrder(s.name())));
        if (out.isEmpty()) {
            throw new ScenarioException("no scenario in " + dir + (wanted.isEmpty() ? "" : " matches " + wanted));
        }
        return out;
    }

    static List<List<RunResult>> runAll(List<Scenario> scenarios, List<Policies.Spec> policies) {
        List<List<RunResult>> all = new ArrayList<>();
        for (Scenario s : scenarios) {
            List<RunResult> row = new ArrayList<>();
            for (Policies.Spec p : policies) {
                row.add(Simulation.run(s, p.create(s)));
            }
            all.add(row);
        }
        return all;
    }

    static String table(List<Scenario> scenarios, List<List<RunResult>> results) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < scenarios.size(); i++) {
            Scenario s = scenarios.get(i);
            b.append(String.format(Locale.ROOT, "%n== %s (SLO %d s, bpu %d, limit %.1f unit-h)%n", s.name(),
                    s.sloWaitSeconds(), s.policy().backlogPerUnit(), results.get(i).get(0).physicalLimitUnitHours()));
            b.append(String.format(Locale.ROOT, "%-24s %7s %7s %7s %7s %8s %8s %6s %5s %6s %6s %7s%n", "policy", "p50",
                    "p95", "max", "sloSec", "msgsOver", "unit-h", "ratio", "chg", "exec", "trans", "endBkl"));
            for (RunResult r : results.get(i)) {
                b.append(String.format(Locale.ROOT, "%-24s %7.1f %7.1f %7.1f %7d %8d %8.2f %6.3f %5d %6d %6d %7d%n",
                        r.policy(), r.waitP50Seconds(), r.waitP95Seconds(), r.waitMaxSeconds(), r.secondsOverSlo(),
                        r.messagesOverSlo(), r.capacityUnitHours(), r.costRatio(), r.capacityChanges(), r.executions(),
                        r.stateTransitions(), r.backlogAtEnd()));
            }
        }
        return b.toString();
    }
}
