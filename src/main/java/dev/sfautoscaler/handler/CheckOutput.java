package dev.sfautoscaler.handler;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sfautoscaler.core.ScheduledCheck;
import dev.sfautoscaler.core.error.AutoscalerException;
import java.util.List;
import java.util.Optional;

/**
 * {@code check} output, also its one log line: {@code check} is what it saw (the execution input's
 * {@code check} field when it started the workflow), {@code target} the target's id,
 * {@code execution} the Standard execution started (or found started under the same name: a repeated
 * delivery), absent when there was nothing to do or when one was already in flight for the fleet:
 * then {@code inFlight} is that execution and {@code skipped} says so
 * ({@code "execution arn:... in flight"}); {@code warning} when the executions in flight could not be
 * read (the execution was started anyway).
 */
record CheckOutput(ObjectNode json) {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    static CheckOutput of(ScheduledCheck.Result result, String targetId) {
        ObjectNode out = JSON.objectNode();
        out.put("target", targetId);
        out.set("check", summary(result.summary()));
        result.execution().ifPresent(e -> {
            out.put("execution", e.executionArn());
            if (e.earlier()) {
                out.put("startedEarlier", true);
            }
        });
        result.inFlight().ifPresent(arn -> {
            out.put("inFlight", arn);
            out.put("skipped", "execution " + arn + " in flight");
        });
        result.warning().ifPresent(w -> out.put("warning", w));
        return new CheckOutput(out);
    }

    /**
     * A schedule's list: {@code {"fleets": [<one fleet's output>, or {"target", "error"} for a fleet whose
     * execution could not be started], "started": n, "skipped": n, "failed": n}} ({@code skipped}: fleets
     * with an execution in flight), and the failure to end the
     * invocation with when a fleet failed (its message names each such fleet).
     */
    record Listed(ObjectNode json, Optional<RuntimeException> failure) {
    }

    static Listed list(List<ScheduledCheck.FleetResult<CheckInput>> results) {
        ObjectNode out = JSON.objectNode();
        ArrayNode fleets = out.putArray("fleets");
        int started = 0;
        int skipped = 0;
        StringBuilder failed = new StringBuilder();
        RuntimeException first = null;
        for (ScheduledCheck.FleetResult<CheckInput> r : results) {
            String target = r.fleet().targetId();
            if (r.result().isPresent()) {
                fleets.add(of(r.result().get(), target).json());
                started += r.result().get().execution().isPresent() ? 1 : 0;
                skipped += r.result().get().inFlight().isPresent() ? 1 : 0;
                continue;
            }
            RuntimeException e = r.failure().orElseThrow();
            String error = (e instanceof AutoscalerException a ? a.errorName() : e.getClass().getSimpleName()) + ": "
                    + e.getMessage();
            fleets.addObject().put("target", target).put("error", error);
            failed.append(failed.length() == 0 ? "" : "; ").append(target).append(": ").append(error);
            if (first == null) {
                first = e;
            } else {
                first.addSuppressed(e);
            }
        }
        long failures = results.stream().filter(r -> r.failure().isPresent()).count();
        out.put("started", started);
        out.put("skipped", skipped);
        out.put("failed", failures);
        if (first == null) {
            return new Listed(out, Optional.empty());
        }
        IllegalStateException failure = new IllegalStateException("check could not start the executions of "
                + failures + " of " + results.size() + " fleets (" + failed + "); the other fleets were checked,"
                + " and Lambda retries the event: an execution already started keeps its name and is not started"
                + " twice", first);
        return new Listed(out, Optional.of(failure));
    }

    /** {@code {"verdict", "reasonCode", "currentTarget", "decidedTarget", "reason"}}, as FunctionInputs.CHECK describes. */
    static ObjectNode summary(ScheduledCheck.Summary s) {
        ObjectNode check = JSON.objectNode();
        check.put("verdict", s.verdict().wireName());
        check.put("reasonCode", s.reasonCode());
        s.currentTarget().ifPresent(t -> check.put("currentTarget", t));
        s.decidedTarget().ifPresent(t -> check.put("decidedTarget", t));
        check.put("reason", s.reason());
        return check;
    }
}
