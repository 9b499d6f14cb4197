package dev.sfautoscaler.core;

import dev.sfautoscaler.core.error.AutoscalerException;
import dev.sfautoscaler.core.port.WorkflowStarter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The schedule's cheap path ({@code check}): read and decide once, and start the Standard workflow
 * only when it has something to do there. It starts it when the decision is a change (the
 * workflow modifies and notifies, with its full history in the console), when a drain under way has
 * outlived its execution (the workflow resumes it), when a failure alert is open (the workflow sends the
 * recovery notice), and when reading or deciding failed (the workflow retries and notifies as it always
 * has). A decision of no change starts nothing: the caller logs it.
 *
 * <p>Nor does a fleet with an execution of the state machine already running for it, whatever started
 * it (an alarm, an earlier tick, a person): two executions on one fleet would decide from the same
 * reading and race for it (the second's modify finds the capacity changed under it). The schedule's
 * next tick checks the fleet again. Which executions run is asked once per invocation, and only when a
 * fleet has something to start ({@link InFlight}); when it cannot be asked, the execution is started
 * as before and the result says why the rule was not applied.
 */
public final class ScheduledCheck {

    /** Longest execution name Step Functions accepts. */
    static final int NAME_LIMIT = 80;

    private final WorkflowStarter workflow;

    public ScheduledCheck(WorkflowStarter workflow) {
        this.workflow = workflow;
    }

    /**
     * A drain under way longer than its timeout plus this has lost its execution (a live one finishes it at the
     * timeout, one look and the finish later): the check starts an execution, which resumes it.
     */
    public static final long STALE_DRAIN_MARGIN_SECONDS = 2L * ScalingPolicy.DRAIN_CHECK_LIMIT;

    /**
     * What the check read and decided.
     *
     * @param drainStartedAt      when the target's drain under way started ({@link FleetSnapshot#drainStartedAt()})
     * @param drainTimeoutSeconds the policy's drainTimeoutSeconds
     */
    public record Seen(ScaleDecision decision, boolean failureAlertOpen, Optional<Instant> drainStartedAt,
            long drainTimeoutSeconds) {

        /** No drain under way. */
        public Seen(ScaleDecision decision, boolean failureAlertOpen) {
            this(decision, failureAlertOpen, Optional.empty(), 0);
        }

        public Seen {
            drainStartedAt = drainStartedAt == null ? Optional.empty() : drainStartedAt;
        }

        /** A drain under way for longer than its timeout plus {@link #STALE_DRAIN_MARGIN_SECONDS}: its execution died. */
        public boolean staleDrain() {
            return drainStartedAt.filter(at -> Duration.between(at, decision.decidedAt()).getSeconds()
                    > drainTimeoutSeconds + STALE_DRAIN_MARGIN_SECONDS).isPresent();
        }
    }

    /** Why the check starts the Standard workflow, or that it does not. */
    public enum Verdict {
        NO_CHANGE("no-change", false),
        CHANGE("change", true),
        STALE_DRAIN("stale-drain", true),
        FAILURE_ALERT_OPEN("failure-alert-open", true),
        EVALUATION_FAILED("evaluation-failed", true);

        private final String wireName;
        private final boolean startsWorkflow;

        Verdict(String wireName, boolean startsWorkflow) {
            this.wireName = wireName;
            this.startsWorkflow = startsWorkflow;
        }

        public String wireName() {
            return wireName;
        }

        public boolean startsWorkflow() {
            return startsWorkflow;
        }
    }

    /**
     * What the check saw, for its log line and the started execution's input ({@code check}).
     *
     * @param verdict       whether and why the Standard workflow is started
     * @param reasonCode    the decision's reason code, or the error's name when reading or deciding failed
     * @param currentTarget what the target asked for when read; empty when reading failed
     * @param decidedTarget what the decision asks for; empty when reading or deciding failed
     * @param reason        the decision's sentence, or the error's message
     */
    public record Summary(Verdict verdict, String reasonCode, Optional<Integer> currentTarget,
            Optional<Integer> decidedTarget, String reason) {
    }

    /**
     * The summary, and the execution started (or found started under the same name) when one was; or
     * the execution in flight for the fleet, for which none was started; and a warning when which
     * executions run could not be read (the execution was then started).
     */
    public record Result(Summary summary, Optional<WorkflowStarter.Started> execution, Optional<String> inFlight,
            Optional<String> warning) {

        Result(Summary summary, Optional<WorkflowStarter.Started> execution) {
            this(summary, execution, Optional.empty(), Optional.empty());
        }
    }

    /**
     * The executions running now, read at most once (one invocation of check: ListExecutions, and a
     * DescribeExecution per running execution the adapter has not seen), and only when a fleet of that
     * invocation has something to start.
     */
    public static final class InFlight {

        private final WorkflowStarter workflow;
        private Map<String, String> running;
        private RuntimeException failure;

        private InFlight(WorkflowStarter workflow) {
            this.workflow = workflow;
        }

        /** The execution running for {@code targetId}; throws what reading the executions threw. */
        Optional<String> executionFor(String targetId) {
            if (running == null && failure == null) {
                try {
                    running = workflow.runningByTarget();
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw failure;
            }
            return Optional.ofNullable(running.get(targetId));
        }
    }

    /** A new view of the executions in flight, for one invocation of check (its fleets share it). */
    public InFlight inFlight() {
        return new InFlight(workflow);
    }

    /**
     * Reads and decides through {@code evaluate}, and starts the workflow when it must and no execution
     * is in flight for the fleet.
     *
     * @param executionName the name of the execution to start (see {@link #executionName})
     * @param targetId      the fleet's target id, as the execution inputs name it
     * @param inFlight      the executions running, shared by the fleets of one invocation ({@link #inFlight()})
     * @param evaluate      reads and decides; its errors are what the Standard workflow retries and reports
     * @param input         the execution input carrying the summary
     */
    public Result run(String executionName, String targetId, InFlight inFlight, Supplier<Seen> evaluate,
            Function<Summary, String> input) {
        Summary summary = evaluateSafely(evaluate);
        if (!summary.verdict().startsWorkflow()) {
            return new Result(summary, Optional.empty());
        }
        Optional<String> warning = Optional.empty();
        try {
            Optional<String> running = inFlight.executionFor(targetId);
            if (running.isPresent()) {
                return new Result(summary, Optional.empty(), running, Optional.empty());
            }
        } catch (AutoscalerException e) {
            warning = Optional.of("the executions in flight could not be read (" + e.errorName() + ": "
                    + e.getMessage() + "); started without knowing whether one runs for this fleet");
        }
        return new Result(summary, Optional.of(workflow.start(executionName, input.apply(summary))), Optional.empty(),
                warning);
    }

    /**
     * What became of one fleet of a schedule's list: its result, or the error that stopped it (its
     * execution was needed and could not be started).
     */
    public record FleetResult<F>(F fleet, Optional<Result> result, Optional<RuntimeException> failure) {
    }

    /**
     * Checks each fleet of a schedule's list with {@code check}, one after the other; a fleet whose
     * check throws (its execution could not be started) is reported and the others go on. Reading or
     * deciding failures never throw: they start that fleet's own execution, which reports them.
     */
    public static <F> List<FleetResult<F>> each(List<F> fleets, Function<F, Result> check) {
        List<FleetResult<F>> results = new ArrayList<>();
        for (F fleet : fleets) {
            try {
                results.add(new FleetResult<>(fleet, Optional.of(check.apply(fleet)), Optional.empty()));
            } catch (RuntimeException e) {
                results.add(new FleetResult<>(fleet, Optional.empty(), Optional.of(e)));
            }
        }
        return results;
    }

    private static Summary evaluateSafely(Supplier<Seen> evaluate) {
        try {
            return summarize(evaluate.get());
        } catch (AutoscalerException e) {
            return failed(e.errorName(), e.getMessage());
        } catch (RuntimeException e) {
            // Not one of ours (a fault in the code or the SDK): the workflow's catch-all reports it too.
            return failed(e.getClass().getSimpleName(), e.getMessage() == null ? "" : e.getMessage());
        }
    }

    /**
     * The summary of a decision: a change starts the workflow, and so do a drain whose execution died (the
     * workflow resumes it before deciding anything new) and an open failure alert.
     */
    public static Summary summarize(Seen seen) {
        ScaleDecision d = seen.decision();
        if (!d.isChange() && seen.staleDrain()) {
            return new Summary(Verdict.STALE_DRAIN, d.reasonCode().name(), Optional.of(d.from()), Optional.of(d.to()),
                    "A drain of " + d.targetKind().word() + " " + d.fleetId() + " has been under way since "
                            + seen.drainStartedAt().get() + ", longer than its drainTimeoutSeconds ("
                            + seen.drainTimeoutSeconds() + " s) and " + STALE_DRAIN_MARGIN_SECONDS + " s more: its "
                            + "execution did not finish it, so this one resumes it. " + d.reason());
        }
        Verdict verdict = d.isChange() ? Verdict.CHANGE
                : seen.failureAlertOpen() ? Verdict.FAILURE_ALERT_OPEN : Verdict.NO_CHANGE;
        return new Summary(verdict, d.reasonCode().name(), Optional.of(d.from()), Optional.of(d.to()), d.reason());
    }

    private static Summary failed(String errorName, String message) {
        return new Summary(Verdict.EVALUATION_FAILED, errorName, Optional.empty(), Optional.empty(), message);
    }

    /**
     * The execution's name for one scheduled delivery: {@code schedule-} and the event id (else the
     * invocation's id), with any character Step Functions refuses in a name replaced by {@code -},
     * at most 80 characters. The same event delivered twice gives the same name, so one execution.
     */
    public static String executionName(String eventId, String invocationId) {
        String id = eventId == null || eventId.isBlank() ? invocationId : eventId;
        String name = "schedule-" + safe(id);
        return name.length() <= NAME_LIMIT ? name : name.substring(0, NAME_LIMIT);
    }

    /**
     * The execution's name for one fleet of a scheduled event that checks a list of fleets: the
     * event's name ({@link #executionName(String, String)}), then as much of the target's id as fits
     * and a hash of the whole id, so two fleets of one event never share a name (at most 80
     * characters), and the same event delivered twice gives each fleet the same name again.
     */
    public static String executionName(String eventId, String invocationId, String targetId) {
        String id = targetId == null ? "" : targetId;
        String hash = String.format("%08x", id.hashCode());
        String event = executionName(eventId, invocationId);
        event = event.substring(0, Math.min(event.length(), 46));
        int room = NAME_LIMIT - event.length() - hash.length() - 2;
        String part = safe(id);
        return event + "-" + part.substring(0, Math.min(part.length(), room)) + "-" + hash;
    }

    private static String safe(String id) {
        return (id == null ? "" : id.trim()).replaceAll("[^A-Za-z0-9_-]", "-");
    }
}
