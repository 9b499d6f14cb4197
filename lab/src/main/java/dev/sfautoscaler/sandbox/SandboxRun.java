package dev.sfautoscaler.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a sandbox run saw, in simulated seconds: the queue and the fleet once a simulated minute,
 * every capacity change the functions made, every execution with its outcome and states, every
 * notification that reached the topic's subscriber queue, every alarm transition.
 */
record SandboxRun(String title, double speed, long durationSeconds, List<Sample> samples, List<Point> points,
        List<Change> changes,
        List<ExecutionRecord> executions, List<NotificationRecord> notifications, List<AlarmTransition> transitions,
        List<String> functionErrors, long messagesSent, long messagesProcessed, long messagesProcessedTwice,
        double setupSeconds,
        double runSeconds, String chartFile) {

    /** The queue and the fleet at the end of a simulated minute. */
    record Sample(double at, long visible, long inFlight, int target, double fulfilled, int running, long arrivals,
            double unitsNeeded) {

        long backlog() {
            return visible + inFlight;
        }
    }

    /** The queue and the fleet as often as the sandbox looks (a few times a simulated minute), for the chart. */
    record Point(double at, long backlog, int target, int running) {
    }

    /** A change the modify function applied to the fleet. */
    record Change(double at, String action, int from, int to, String execution, int round) {
    }

    /** How an execution ended; {@code status} RUNNING when it had not ended when the run did. */
    record ExecutionRecord(String name, String trigger, double startedAt, double endedAt, String status,
            String error, String cause, List<String> states) {

        int rounds() {
            return 1 + (int) states.stream().filter("StartNextRound"::equals).count();
        }

        String lastState() {
            return states.isEmpty() ? "" : states.get(states.size() - 1);
        }
    }

    /** A notification as the topic's subscriber received it. */
    record NotificationRecord(double at, String subject, String outcome, String action, Integer from, Integer to) {
    }

    /** An alarm state change and the execution it started, if the rule matched. */
    record AlarmTransition(double at, String alarm, String from, String to, Optional<String> execution) {
    }

    int peakTarget() {
        return samples.stream().mapToInt(Sample::target).max().orElse(0);
    }

    /**
     * What a newcomer should see, checked: the fleet scaled out while the surge lasted and back in
     * after it, every execution succeeded, every change was notified. Empty when all holds; else one
     * sentence per problem.
     *
     * @param surgeStart simulated second the surge starts
     * @param surgeEnd   simulated second it ends
     */
    List<String> problems(double surgeStart, double surgeEnd) {
        List<String> problems = new ArrayList<>();
        List<Change> outs = changes.stream().filter(c -> c.action().equals("scale-out")).toList();
        List<Change> ins = changes.stream().filter(c -> c.action().equals("scale-in")).toList();
        if (outs.stream().noneMatch(c -> c.at() >= surgeStart && c.at() <= surgeEnd)) {
            problems.add("the fleet did not scale out during the surge (" + TimeScale.clock(surgeStart) + " to "
                    + TimeScale.clock(surgeEnd) + "); changes: " + describe(changes));
        }
        double lastOut = outs.stream().mapToDouble(Change::at).max().orElse(Double.NaN);
        if (ins.stream().noneMatch(c -> c.at() > surgeEnd && (Double.isNaN(lastOut) || c.at() > lastOut))) {
            problems.add("the fleet did not scale back in after the surge; changes: " + describe(changes));
        }
        if (!samples.isEmpty() && samples.get(samples.size() - 1).target() >= peakTarget() && peakTarget() > 0
                && !changes.isEmpty()) {
            problems.add("the fleet ended at its peak target " + peakTarget());
        }
        for (ExecutionRecord e : executions) {
            if (waitingForItsNextRound(e)) {
                continue;
            }
            if (!e.status().equals("SUCCEEDED")) {
                problems.add("execution " + e.name() + " ended " + e.status()
                        + (e.error() == null ? "" : " with " + e.error() + ": " + e.cause()));
            }
        }
        if (executions.isEmpty()) {
            problems.add("no execution was started");
        }
        List<NotificationRecord> unmatched = new ArrayList<>(notifications.stream()
                .filter(n -> "scaled".equals(n.outcome())).toList());
        for (Change c : changes) {
            Optional<NotificationRecord> n = unmatched.stream()
                    .filter(x -> c.action().equals(x.action()) && Integer.valueOf(c.from()).equals(x.from())
                            && Integer.valueOf(c.to()).equals(x.to()))
                    .findFirst();
            if (n.isEmpty()) {
                problems.add("no notification arrived for the change " + c.action() + " " + c.from() + " -> " + c.to()
                        + " at " + TimeScale.clock(c.at()));
            } else {
                unmatched.remove(n.get());
            }
        }
        List<String> unhandled = functionErrors.stream().filter(e -> !handledByTheWorkflow(e)).toList();
        if (!unhandled.isEmpty()) {
            problems.add("function errors: " + unhandled);
        }
        return problems;
    }

    /**
     * An alarm's execution still between two rounds when the run ends: it has failed at nothing, it waits
     * (WaitForSettle, the input's {@code workflow.settleSeconds}) to go round again. The summary still counts
     * it RUNNING. (Before PlanDrain and PlanResume, a drain path skipped the merge of the input's workflow
     * settings and waited the definition's default 60 s here, which outlasted the run in compressed time.)
     */
    static boolean waitingForItsNextRound(ExecutionRecord e) {
        return e.status().equals("RUNNING") && e.lastState().equals("WaitForSettle");
    }

    /**
     * Errors the workflow answers by design when two executions meet on one fleet (the schedule's and
     * an alarm's): {@code FleetBusy} is retried, {@code CapacityChanged} reads and decides again. They
     * are part of the transcript, not problems; should one end an execution, its status says so.
     */
    static boolean handledByTheWorkflow(String functionError) {
        return HANDLED.stream().anyMatch(type -> functionError.contains(": " + type + ": "));
    }

    private static final List<String> HANDLED = List.of("dev.sfautoscaler.core.error.FleetBusy",
            "dev.sfautoscaler.core.error.CapacityChanged");

    static String describe(List<Change> changes) {
        if (changes.isEmpty()) {
            return "none";
        }
        return String.join(", ", changes.stream()
                .map(c -> c.action() + " " + c.from() + " -> " + c.to() + " at " + TimeScale.clock(c.at())).toList());
    }
}
