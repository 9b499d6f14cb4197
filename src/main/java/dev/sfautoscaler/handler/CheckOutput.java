package dev.sfautoscaler.handler;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfautoscaler.core.ScheduledCheck;

/**
 * {@code check} output, also its one log line: {@code check} is what it saw (the execution input's
 * {@code check} field when it started the workflow), {@code target} the target's id,
 * {@code execution} the Standard execution started (or found started under the same name: a repeated
 * delivery), absent when there was nothing to do.
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
        return new CheckOutput(out);
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
