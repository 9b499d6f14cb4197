package dev.sfautoscaler.sandbox;

import dev.sfautoscaler.sandbox.SandboxRun.Change;
import dev.sfautoscaler.sandbox.SandboxRun.ExecutionRecord;
import dev.sfautoscaler.sandbox.SandboxRun.Sample;
import dev.sfautoscaler.sim.SvgChart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The end of a run: the summary, the states of each execution, and the chart. */
final class SandboxReport {

    private static final int WIDTH = 110;

    private final SandboxRun run;

    SandboxReport(SandboxRun run) {
        this.run = run;
    }

    List<String> summary() {
        List<String> out = new ArrayList<>();
        out.add("");
        out.add(String.format(Locale.ROOT, "Summary: %d simulated minutes in %.0f s (set-up %.1f s)",
                run.durationSeconds() / 60, run.runSeconds(), run.setupSeconds()));
        Sample peak = run.samples().stream().max((a, b) -> Long.compare(a.backlog(), b.backlog())).orElse(null);
        out.add("  Queue          " + run.messagesSent() + " messages sent, " + run.messagesProcessed() + " processed"
                + (run.messagesProcessedTwice() == 0 ? "" : " (" + run.messagesProcessedTwice() + " twice: their "
                        + "visibility timeout ran out while a worker had them)")
                + (peak == null ? "" : "; peak backlog " + peak.backlog() + " at " + TimeScale.clock(peak.at())));
        int minTarget = run.samples().stream().mapToInt(Sample::target).min().orElse(0);
        int minRunning = run.samples().stream().mapToInt(Sample::running).min().orElse(0);
        int maxRunning = run.samples().stream().mapToInt(Sample::running).max().orElse(0);
        long outs = run.changes().stream().filter(c -> c.action().equals("scale-out")).count();
        long ins = run.changes().size() - outs;
        out.add("  Capacity       target " + minTarget + ".." + run.peakTarget() + ", running " + minRunning + ".."
                + maxRunning + "; " + run.changes().size() + " change" + (run.changes().size() == 1 ? "" : "s")
                + ": " + outs + " scale-out, " + ins + " scale-in");
        for (Change c : run.changes()) {
            out.add(String.format(Locale.ROOT, "  %13s  %s %d -> %d (%s, round %d)", TimeScale.clock(c.at()),
                    c.action(), c.from(), c.to(), c.execution(), c.round()));
        }
        Map<String, Long> byTrigger = run.executions().stream()
                .collect(Collectors.groupingBy(e -> e.trigger().startsWith("alarm") ? "by an alarm" : "by the schedule",
                        TreeMap::new, Collectors.counting()));
        Map<String, Long> byStatus = run.executions().stream()
                .collect(Collectors.groupingBy(ExecutionRecord::status, TreeMap::new, Collectors.counting()));
        out.add("  Executions     " + run.executions().size() + " started" + (byTrigger.isEmpty() ? "" : " ("
                + join(byTrigger) + ")") + (byStatus.isEmpty() ? "" : "; " + join(byStatus)));
        out.add("  Notifications  " + run.notifications().size() + " received by the topic's subscriber queue");
        if (!run.functionErrors().isEmpty()) {
            out.add("  Function errors " + run.functionErrors().size() + ": " + run.functionErrors());
        }
        out.add("");
        out.add("States of each execution (GetExecutionHistory; (...) xN = the same states N times in a row):");
        Map<List<String>, List<ExecutionRecord>> bySequence = new LinkedHashMap<>();
        for (ExecutionRecord e : run.executions()) {
            bySequence.computeIfAbsent(e.states(), k -> new ArrayList<>()).add(e);
        }
        bySequence.forEach((states, list) -> {
            String who = list.size() == 1 ? list.get(0).name() + " " + list.get(0).status()
                    : list.size() + " executions (" + names(list) + ") " + String.join("/",
                            list.stream().map(ExecutionRecord::status).distinct().toList());
            out.add("  " + who + ":");
            wrap(compress(states), "    ").forEach(out::add);
        });
        out.add("");
        out.add("Chart: " + run.chartFile());
        return out;
    }

    private static String names(List<ExecutionRecord> list) {
        if (list.size() <= 4) {
            return String.join(", ", list.stream().map(ExecutionRecord::name).toList());
        }
        return list.get(0).name() + ", " + list.get(1).name() + " ... " + list.get(list.size() - 1).name();
    }

    private static String join(Map<String, Long> counts) {
        return String.join(", ", counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList());
    }

    /** A state sequence with runs of a repeated block written once: {@code (A > B) x3}. */
    static String compress(List<String> states) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < states.size()) {
            int bestLength = 0;
            int bestReps = 1;
            for (int length = (states.size() - i) / 2; length >= 2; length--) {
                int reps = 1;
                while (i + (reps + 1) * length <= states.size()
                        && states.subList(i, i + length).equals(states.subList(i + reps * length, i + (reps + 1) * length))) {
                    reps++;
                }
                if (reps > 1 && reps * length > bestReps * bestLength) {
                    bestLength = length;
                    bestReps = reps;
                }
            }
            if (bestReps > 1) {
                parts.add("(" + String.join(" > ", states.subList(i, i + bestLength)) + ") x" + bestReps);
                i += bestLength * bestReps;
            } else {
                parts.add(states.get(i));
                i++;
            }
        }
        return String.join(" > ", parts);
    }

    private static List<String> wrap(String text, String indent) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(indent);
        for (String word : text.split(" ")) {
            if (line.length() + word.length() + 1 > WIDTH && line.length() > indent.length()) {
                lines.add(line.toString());
                line = new StringBuilder(indent);
            }
            if (line.length() > indent.length()) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    /** Backlog, the fleet's target and its running units over time, with the work arriving per minute. */
    void writeChart(Path file, String scenarioFile) {
        List<SandboxRun.Point> points = run.points();
        int n = points.size();
        double[] minutes = new double[n];
        double[] backlog = new double[n];
        double[] target = new double[n];
        double[] running = new double[n];
        double capMax = 1;
        for (int i = 0; i < n; i++) {
            SandboxRun.Point p = points.get(i);
            minutes[i] = p.at() / 60.0;
            backlog[i] = p.backlog();
            target[i] = p.target();
            running[i] = p.running();
            capMax = Math.max(capMax, Math.max(p.target(), p.running()));
        }
        // Work arriving: each minute's arrivals as a step, in units of capacity they need.
        List<Sample> samples = run.samples();
        double[] needMinutes = new double[2 * samples.size()];
        double[] need = new double[2 * samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            needMinutes[2 * i] = s.at() / 60.0 - 1;
            needMinutes[2 * i + 1] = s.at() / 60.0;
            need[2 * i] = s.unitsNeeded();
            need[2 * i + 1] = s.unitsNeeded();
            capMax = Math.max(capMax, s.unitsNeeded());
        }
        String svg = SvgChart.render("Sandbox: " + run.title() + " (" + scenarioFile + ", SPEED "
                + QueueAlarm.number(run.speed()) + ")",
                List.of(new SvgChart.Line("backlog; fleet target", minutes, backlog, target, true),
                        new SvgChart.Line("running instances", minutes, null, running, false)),
                needMinutes, need, Math.max(1, run.durationSeconds() / 60.0), "min",
                "Capacity, units: the fleet's target, its booted instances (dashed: work arriving)", capMax);
        try {
            Files.writeString(file, svg, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SandboxException("cannot write the chart " + file + ": " + e.getMessage(), e);
        }
    }
}
