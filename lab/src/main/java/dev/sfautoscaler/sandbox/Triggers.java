package dev.sfautoscaler.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfautoscaler.sandbox.SandboxRun.AlarmTransition;
import dev.sfautoscaler.sandbox.SandboxRun.Sample;
import dev.sfautoscaler.testkit.MotoServer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What starts executions, played here as AWS would: CloudWatch evaluating the two backlog alarms at
 * the end of each period and sending the state change's event, EventBridge's rule matching it,
 * and the schedule's rule firing every {@code SCHEDULE} seconds and invoking the check function
 * (asynchronously, as EventBridge does), which starts an execution only when there is something to do.
 */
final class Triggers {

    /** Invokes the check function with a payload and returns its output. */
    interface CheckFunction {
        String invoke(String payload) throws Exception;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private final java.util.concurrent.ExecutorService checkCalls =
            java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "sandbox-schedule-check");
                t.setDaemon(true);
                return t;
            });
    private final java.util.concurrent.atomic.AtomicLong checks = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong checkStarts = new java.util.concurrent.atomic.AtomicLong();
    private CheckFunction check;

    private final Deployment deployment;
    private final Executions executions;
    private final TimeScale time;
    private final ConsolePrinter console;
    private final boolean verbose;
    private final List<AlarmTransition> transitions = new CopyOnWriteArrayList<>();

    Triggers(Deployment deployment, Executions executions, TimeScale time, ConsolePrinter console, boolean verbose) {
        this.deployment = deployment;
        this.executions = executions;
        this.time = time;
        this.console = console;
        this.verbose = verbose;
    }

    /** The check function the schedule invokes; without one, the schedule starts executions itself. */
    Triggers withCheck(CheckFunction function) {
        this.check = function;
        return this;
    }

    /** The schedule's check invocations, and how many of them started an execution. */
    long checks() {
        return checks.get();
    }

    long checkStarts() {
        return checkStarts.get();
    }

    /**
     * CloudWatch at the end of simulated minute {@code at}: each alarm whose period ends now takes
     * the statistic over the period's one-minute datapoints (the last of {@code samples}), and a
     * change of state goes to EventBridge.
     */
    void evaluateAlarms(double at, List<Sample> samples) {
        Instant now = Instant.now();
        String startDate = now.minusSeconds(Math.max(1, time.wholeRealSeconds(60))).toString();
        for (QueueAlarm alarm : deployment.alarms) {
            int minutes = alarm.spec().periodSeconds() / 60;
            if (Math.round(at / 60) % minutes != 0) {
                continue;
            }
            List<Double> window = new ArrayList<>();
            for (int i = Math.max(0, samples.size() - minutes); i < samples.size(); i++) {
                window.add((double) samples.get(i).visible());
            }
            double value = QueueAlarm.aggregate(alarm.spec().statistic(), window);
            alarm.evaluate(new QueueAlarm.Datapoint(value, now), startDate).ifPresent(t -> transition(t, at));
        }
    }

    /** CloudWatch records the new state, sends the event; EventBridge's rule decides whether it starts the workflow. */
    private void transition(QueueAlarm.Transition t, double at) {
        deployment.cloudWatch.setAlarmState(t.spec().name(), t.to(), t.reason(), t.reasonData());
        ObjectNode event = EventBridgeRule.alarmEvent(t, Deployment.QUEUE);
        List<String> values = new ArrayList<>(t.datapoints().stream().map(p -> QueueAlarm.number(p.value())).toList());
        Collections.reverse(values);
        String what = "alarm    " + t.spec().name() + " " + t.from() + " -> " + t.to() + " (datapoints: "
                + String.join(", ", values) + ")";
        if (deployment.rule.matches(event)) {
            String prefix = t.spec().name().equals(Deployment.SCALE_OUT_ALARM) ? "scale-out-alarm" : "scale-in-alarm";
            Executions.Execution e = executions.start(prefix, deployment.rule.executionInput(event),
                    "alarm " + t.spec().name(), at);
            transitions.add(new AlarmTransition(at, t.spec().name(), t.from().name(), t.to().name(),
                    Optional.of(e.name)));
            console.event(at, what + "; the rule matches: started " + e.name);
        } else {
            transitions.add(new AlarmTransition(at, t.spec().name(), t.from().name(), t.to().name(), Optional.empty()));
            console.event(at, what + "; the rule does not match (only ALARM starts the workflow)");
        }
    }

    /** The schedule's rule fires: an execution with the "Scheduled Event" and no maxRounds, as the fleet-trigger module. */
    void scheduled(double at, Instant now) {
        ObjectNode input = deployment.fleetInput.deepCopy();
        ((ObjectNode) input.path("workflow")).remove("maxRounds");
        ObjectNode event = input.putObject("scheduledEvent");
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Scheduled Event");
        event.put("source", "aws.events");
        event.put("account", MotoServer.ACCOUNT);
        event.put("time", now.truncatedTo(ChronoUnit.SECONDS).toString());
        event.put("region", MotoServer.REGION);
        event.putArray("resources").add("arn:aws:events:" + MotoServer.REGION + ":" + MotoServer.ACCOUNT
                + ":rule/" + Deployment.PREFIX + "-schedule-0-0");
        event.putObject("detail");
        if (check == null) {
            Executions.Execution e = executions.start("schedule", input, "schedule", at);
            if (verbose) {
                console.event(at, "schedule " + e.name);
            }
            return;
        }
        // As Terraform's schedule-groups sends it: check's list form, here of the one fleet.
        ObjectNode list = JSON.createObjectNode();
        list.putArray("fleets").add(input.deepCopy().without("scheduledEvent"));
        list.set("scheduledEvent", event);
        executions.pendingStart();
        checkCalls.execute(() -> {
            try {
                checks.incrementAndGet();
                com.fasterxml.jackson.databind.JsonNode out = JSON.readTree(check.invoke(list.toString()))
                        .path("fleets").path(0);
                com.fasterxml.jackson.databind.JsonNode seen = out.path("check");
                if (out.hasNonNull("execution")) {
                    checkStarts.incrementAndGet();
                    Executions.Execution e = executions.track(out.path("execution").asText(), input, "schedule", at);
                    console.event(at, "check    " + seen.path("verdict").asText() + " (" + seen.path("reasonCode")
                            .asText() + "): started " + e.name);
                } else if (out.hasNonNull("inFlight")) {
                    // check starts none while one runs for the fleet (an alarm's, or an earlier tick's).
                    String running = out.path("inFlight").asText();
                    console.event(at, "check    " + seen.path("verdict").asText() + " (" + seen.path("reasonCode")
                            .asText() + "): skipped, execution " + running.substring(running.lastIndexOf(':') + 1)
                            + " in flight");
                } else if (verbose) {
                    console.event(at, "check    " + seen.path("verdict").asText() + " (" + seen.path("reasonCode")
                            .asText() + "), no execution");
                }
            } catch (Exception e) {
                console.event(at, "check    failed: " + e.getMessage());
            } finally {
                executions.pendingDone();
            }
        });
    }

    List<AlarmTransition> transitions() {
        return List.copyOf(transitions);
    }
}
