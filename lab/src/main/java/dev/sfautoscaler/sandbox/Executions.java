package dev.sfautoscaler.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfautoscaler.sandbox.SandboxRun.ExecutionRecord;
import dev.sfautoscaler.testkit.AutoscalerWorkflow;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The executions the run starts (by an alarm or the schedule) and what became of them: polled until
 * they end, then their states read from {@code GetExecutionHistory}. An execution's end is printed
 * when it did not succeed, when an alarm started it, or with {@code VERBOSE=1}.
 */
final class Executions {

    /** An execution the run started, and what became of it. */
    static final class Execution {
        final String name;
        final String arn;
        final String trigger;
        final double startedAt;
        volatile double endedAt = Double.NaN;
        volatile String status = "RUNNING";
        volatile String error;
        volatile String cause;
        volatile List<String> states = List.of();

        Execution(String name, String arn, String trigger, double startedAt) {
            this.name = name;
            this.arn = arn;
            this.trigger = trigger;
            this.startedAt = startedAt;
        }
    }

    private final AutoscalerWorkflow workflow;
    private final TimeScale time;
    private final ConsolePrinter console;
    private final boolean verbose;
    private final Map<String, Execution> byArn = Collections.synchronizedMap(new LinkedHashMap<>());
    /** Execution names by trigger id (the alarm event's id, else the execution's name), to name a change's execution. */
    private final Map<String, String> byTrigger = new ConcurrentHashMap<>();

    Executions(AutoscalerWorkflow workflow, TimeScale time, ConsolePrinter console, boolean verbose) {
        this.workflow = workflow;
        this.time = time;
        this.console = console;
        this.verbose = verbose;
    }

    /** StartExecution with a name from {@code prefix}; {@code trigger} says what started it. */
    Execution start(String prefix, ObjectNode input, String trigger, double at) {
        return track(workflow.start(prefix, input.toString()), input, trigger, at);
    }

    /** Checks under way that may start an execution: the run is not over while one is. */
    private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();

    void pendingStart() {
        pending.incrementAndGet();
    }

    void pendingDone() {
        pending.decrementAndGet();
    }

    /** An execution someone else started (the check function), followed like the others. */
    Execution track(String arn, ObjectNode input, String trigger, double at) {
        String name = arn.substring(arn.lastIndexOf(':') + 1);
        Execution e = new Execution(name, arn, trigger, at);
        byArn.put(arn, e);
        JsonNode event = input.hasNonNull("alarmEvent") ? input.path("alarmEvent") : input.path("scheduledEvent");
        byTrigger.put(event.path("id").asText(name), name);
        return e;
    }

    /** The execution a trigger id (the part of a decision's triggerKey before the round) started, else the id. */
    String nameOf(String trigger) {
        return byTrigger.getOrDefault(trigger, trigger);
    }

    /** Looks at every running execution once: the ones that ended get their status and states. */
    void poll() {
        List<Execution> running;
        synchronized (byArn) {
            running = byArn.values().stream().filter(e -> e.status.equals("RUNNING")).toList();
        }
        for (Execution e : running) {
            DescribeExecutionResponse r = workflow.sfn().describeExecution(x -> x.executionArn(e.arn));
            if (r.status() == ExecutionStatus.RUNNING) {
                continue;
            }
            e.states = AutoscalerWorkflow.stateNames(workflow.history(e.arn));
            e.error = r.error();
            e.cause = r.cause();
            e.endedAt = time.now();
            e.status = r.statusAsString();
            long rounds = 1 + e.states.stream().filter("StartNextRound"::equals).count();
            if (!verbose && e.status.equals("SUCCEEDED") && !e.trigger.startsWith("alarm")) {
                continue;
            }
            console.event(e.endedAt, "end      " + e.name + " " + e.status + " in " + (e.states.isEmpty() ? "?"
                    : e.states.get(e.states.size() - 1)) + " after " + rounds + " round" + (rounds == 1 ? "" : "s")
                    + (e.error == null ? "" : ": " + e.error + " " + e.cause));
        }
    }

    /** The states so far of each execution still running when the run ends: where it stands. */
    void readRunningStates() {
        List<Execution> running;
        synchronized (byArn) {
            running = byArn.values().stream().filter(e -> e.status.equals("RUNNING")).toList();
        }
        for (Execution e : running) {
            e.states = AutoscalerWorkflow.stateNames(workflow.history(e.arn));
        }
    }

    boolean anyRunning() {
        if (pending.get() > 0) {
            return true;
        }
        synchronized (byArn) {
            return byArn.values().stream().anyMatch(e -> e.status.equals("RUNNING"));
        }
    }

    List<ExecutionRecord> records() {
        synchronized (byArn) {
            return byArn.values().stream().map(e -> new ExecutionRecord(e.name, e.trigger, e.startedAt,
                    e.endedAt, e.status, e.error, e.cause, e.states)).toList();
        }
    }
}
