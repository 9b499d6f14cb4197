package dev.sfautoscaler.core;

import dev.sfautoscaler.core.Verdict.Premise;
import java.math.BigDecimal;
import java.util.List;

/**
 * Writes the one sentence that explains a {@link Verdict}: the only place a decision's words come
 * from. A sentence opens with what the decision rests on (the backlog and what it needs, or the
 * alarm) and ends with what follows from it (the change, or why there is none).
 */
final class DecisionExplainer {

    private DecisionExplainer() {
    }

    /**
     * What the target adds to a decision's reason: its own bound, when tighter than the policy's and the
     * one that stopped the change, and the reading's warnings (the group's own scaling policies).
     */
    static String targetNotes(ScaleDecision decision, ScalingPolicy policy, ScalingPolicy bounded,
            List<String> warnings) {
        StringBuilder more = new StringBuilder();
        if (bounded.maxCapacity() < policy.maxCapacity() && stoppedAt(decision, bounded.maxCapacity(), true)) {
            more.append(" The target's own maximum (").append(bounded.maxCapacity())
                    .append(") stopped it: it is tighter than the policy's maxCapacity (").append(policy.maxCapacity())
                    .append(").");
        }
        if (bounded.minCapacity() > policy.minCapacity() && stoppedAt(decision, bounded.minCapacity(), false)) {
            more.append(" The target's own minimum (").append(bounded.minCapacity())
                    .append(") stopped it: it is tighter than the policy's minCapacity (").append(policy.minCapacity())
                    .append(").");
        }
        for (String warning : warnings) {
            more.append(" Warning: ").append(warning);
        }
        return more.toString();
    }

    /** Whether the decision ends at {@code bound} because of it: the backlog wanted past it, or the target was outside it. */
    private static boolean stoppedAt(ScaleDecision d, int bound, boolean upper) {
        if (d.to() != bound) {
            return false;
        }
        ReasonCode code = d.reasonCode();
        if (code == (upper ? ReasonCode.AT_MAX : ReasonCode.AT_MIN)
                || code == (upper ? ReasonCode.LOWER_TO_MAX : ReasonCode.RAISE_TO_MIN)) {
            return true;
        }
        Integer wanted = d.basis() == null ? null : d.basis().desiredBeforeBounds();
        return wanted != null && (upper ? wanted > bound : wanted < bound);
    }

    static String explain(Verdict v) {
        String sentence = sentence(v);
        // The one case of a second sentence: a fact about the fleet's record that the rules set aside.
        return v.futureMarker().map(m -> sentence + " The fleet's last-change marker is dated " + m.at()
                + ", more than " + ScalingDecider.MARKER_CLOCK_SKEW.toSeconds()
                + " s in the future, so the cooldowns ignore it.").orElse(sentence);
    }

    private static String sentence(Verdict v) {
        if (v.code() == ReasonCode.PAUSED) {
            Verdict held = v.held().orElseThrow();
            String reason = v.fleet().pausedBy().filter(r -> !r.isBlank()).map(r -> " ('" + Validation.excerpt(r) + "')")
                    .orElse(" (no reason given)");
            return "Fleet " + v.fleet().fleetId() + " is paused by its tag " + FleetSnapshot.PAUSE_TAG + reason
                    + ", so no change; unpaused: " + sentence(held);
        }
        ScalingPolicy p = v.policy();
        DecisionBasis b = v.basis();
        int current = v.current();
        return switch (v.code()) {
            case FLEET_NOT_SCALABLE -> "Fleet " + v.fleet().fleetId() + " cannot be scaled: "
                    + v.fleet().notScalableReason().orElse("") + ", so no change.";
            case DUPLICATE_TRIGGER -> {
                LastChange c = v.fleet().lastChange().orElseThrow();
                yield "This trigger (" + v.trigger().id() + ") already " + c.action().pastTense() + " the fleet "
                        + c.from() + " -> " + c.to() + " at " + c.at() + "; a repeated delivery changes nothing.";
            }
            case RAISE_TO_MIN, SCHEDULED_MIN -> "The fleet asks for " + count(current, "unit") + ", below "
                    + minimum(v) + ", so scale out " + current + " -> " + v.to() + ".";
            case SCHEDULED_MAX -> "The fleet asks for " + count(current, "unit") + ", above " + maximum(v)
                    + ", so scale in " + current + " -> " + v.to() + ".";
            case LOWER_TO_MAX -> premise(v) + (p.applyMaxImmediately()
                    ? " and the policy applies the maximum immediately (applyMaxImmediately)" : stepLimitNote(v))
                    + ", so scale in " + current + " -> " + v.to() + ".";
            case NO_QUEUE_DATA, STALE_QUEUE_DATA -> v.premise() == Premise.SCALE_IN_ALARM
                    ? premise(v) + ", but queue data is " + queueProblem(v)
                            + "; no scale-in without queue data, so no change."
                    : "Queue data is " + queueProblem(v)
                            + "; missing or stale data never counts as an empty queue, so no change.";
            case BELOW_ACTIVATION -> "The fleet is at zero and the backlog of " + count(b.counted(), "message")
                    + " is below the activation threshold of " + p.activationBacklog() + ", so it stays at zero.";
            case BACKLOG_NEEDS_MORE, BACKLOG_NEEDS_LESS -> premise(v) + "; the fleet asks for " + current
                    + stepLimitNote(v) + cooldownWaivedNote(v) + ", so " + v.action().verb() + " " + current + " -> "
                    + v.to() + ".";
            case STEP_OUT_ON_ALARM, ALARM_WITHOUT_QUEUE_DATA -> premise(v) + ", so scale out " + current + " -> "
                    + v.to() + stepNote(v) + ".";
            case STEP_IN_ON_ALARM -> premise(v) + " (backlog " + b.counted() + "), so scale in " + current + " -> "
                    + v.to() + stepNote(v) + ".";
            case FULFILLING -> {
                double pending = v.fleet().pendingCapacity();
                yield premise(v) + ", but " + units(pending) + " of the " + count(current, "requested unit") + " "
                        + (pending <= 1 ? "is" : "are") + " still being fulfilled; adding more for the same backlog"
                        + " would count it twice, so no change.";
            }
            case SCALE_OUT_COOLDOWN -> premise(v) + ", but the fleet scaled out " + b.secondsSinceLastChange()
                    + " s ago and the scale-out cooldown has " + b.cooldownRemainingSeconds() + " s left, so no change.";
            case SCALE_IN_COOLDOWN -> premise(v) + ", but the last change was " + b.secondsSinceLastChange()
                    + " s ago and the scale-in cooldown has " + b.cooldownRemainingSeconds() + " s left, so no change.";
            case SCALE_IN_DISABLED -> v.premise() == Premise.QUEUE
                    ? premise(v) + "; scale-in is disabled, so the fleet stays at " + current + "."
                    : premise(v) + ", but scale-in is disabled, so no change.";
            case WITHIN_TOLERANCE -> premise(v) + "; the fleet asks for " + current + " and " + b.desired()
                    + " is within the scale-in tolerance of " + percent(p.scaleInTolerance()) + " below it, so no change.";
            case AT_DESIRED -> alreadyThere(v);
            case AT_MAX -> v.premise() == Premise.QUEUE ? alreadyThere(v)
                    : premise(v) + ", but the fleet is at " + maximum(v) + ", so no change.";
            case AT_MIN -> v.premise() == Premise.QUEUE ? alreadyThere(v)
                    : premise(v) + ", but the fleet is at " + minimum(v) + ", so no change.";
            case NOT_A_SCALING_ALARM -> "Step mode acts only when " + alarmNames(p) + " enters ALARM, and this trigger is "
                    + describe(v.trigger()) + ", so no change.";
            case OLDEST_MESSAGE_TOO_OLD -> need(v) + "; yet the oldest message has waited "
                    + b.oldestMessageAgeSeconds() + " s, longer than the target of " + p.targetWaitSeconds().orElse(0L)
                    + " s, so the units are slower than estimated: scale out " + current + " -> " + v.to()
                    + stepLimitNote(v) + ".";
            case UNCONFIRMED_FROM_ZERO -> "The fleet is at zero and only this reading shows a backlog ("
                    + count(b.counted(), "message") + "); an idle queue's approximate counts show stray messages, so"
                    + " a start waits for the next reading to agree or for a real age of the oldest message"
                    + estimateNote(v) + "; no change.";
            case KEEP_ALIVE -> "The queue is empty" + estimateNote(v) + ", but it has been quiet for only "
                    + (p.scaleInCooldownSeconds() - v.keepAliveLeft()) + " s since the last message seen; the last unit"
                    + " stays until " + p.scaleInCooldownSeconds() + " s of quiet (the keep-alive, "
                    + v.keepAliveLeft() + " s left; each new message starts it again), so no change.";
            case PAUSED -> throw new IllegalStateException("PAUSED is written above");
        };
    }

    /** "the minimum of 8", and the window that set it: "the minimum of 8 of window 'morning' (...)". */
    private static String minimum(Verdict v) {
        return "the minimum of " + v.policy().minCapacity() + v.minWindow().map(w -> " of " + w.describe()).orElse("");
    }

    private static String maximum(Verdict v) {
        return "the maximum of " + v.policy().maxCapacity() + v.maxWindow().map(w -> " of " + w.describe()).orElse("");
    }

    /** What the decision rests on, as its sentence opens. */
    private static String premise(Verdict v) {
        String alarm = v.trigger().alarmName().orElse("");
        return switch (v.premise()) {
            case QUEUE -> need(v);
            case ABOVE_MAX -> "The fleet asks for " + count(v.current(), "unit") + ", above " + maximum(v);
            case SCALE_OUT_ALARM -> "The scale-out alarm " + alarm + " is in ALARM";
            case SCALE_OUT_ALARM_WITHOUT_QUEUE_DATA -> "The scale-out alarm " + alarm + " is in ALARM and queue data is "
                    + queueProblem(v);
            case SCALE_IN_ALARM -> "The scale-in alarm " + alarm + " is in ALARM";
            case FLEET, OTHER_TRIGGER -> throw new IllegalStateException(v.code() + " has a sentence of its own");
        };
    }

    /** The scale-in cooldown that did not hold idle units, when it did not. */
    private static String cooldownWaivedNote(Verdict v) {
        return v.cooldownWaived() > 0 ? " (no message waits, so the scale-in cooldown, " + v.cooldownWaived()
                + " s left, holds no idle unit after the last scale-in)" : "";
    }

    private static String alreadyThere(Verdict v) {
        return need(v) + "; the fleet already asks for " + v.current() + ", so no change.";
    }

    /** What the backlog needs: the count, the busy-unit floor when it holds the fleet, the bound when one applies. */
    private static String need(Verdict v) {
        ScalingPolicy p = v.policy();
        DecisionBasis b = v.basis();
        String queue = b.visible() + " visible, " + b.inFlight() + " in flight"
                + (p.includeDelayed() ? ", " + b.delayed() + " delayed" : "");
        String need = "A backlog of " + count(b.counted(), "message") + " (" + queue + ") needs "
                + count(v.needed(), "unit") + " at " + count(b.backlogPerUnit(), "message") + " per unit"
                + estimateNote(v);
        if (v.busyUnits() > 0) {
            need += ", but the " + count(b.inFlight(), "message") + " in flight keep " + count(v.busyUnits(), "unit")
                    + " busy (" + count(p.inFlightPerUnit(), "message") + " per unit at a time), so "
                    + count(v.busyUnits(), "unit");
        }
        if (v.clearingUnits() > 0) {
            need += ", but the backlog falls faster than it fills and at the learnt pace "
                    + count(v.clearingUnits(), "unit") + " clear it and what arrives by the next reading in "
                    + ScalingDecider.READING_SECONDS + " s (the others leave as their messages finish), so "
                    + count(v.clearingUnits(), "unit");
        }
        if (v.carryingUnits() > 0 && p.targetWaitSeconds().isPresent()) {
            need += ", but the messages sent in CloudWatch's last minute need " + count(v.carryingUnits(), "unit")
                    + " at the learnt pace (the load itself), so " + count(v.carryingUnits(), "unit");
        } else if (v.carryingUnits() > 0) {
            need += measuredLoad(v);
        }
        if (v.keepAliveLeft() > 0) {
            need += ", but the keep-alive keeps the last unit " + v.keepAliveLeft() + " s more (the queue has to be"
                    + " quiet for " + p.scaleInCooldownSeconds() + " s since the last message seen), so 1 unit";
        }
        if (v.groupCap() > 0) {
            need += switch (v.groupCapKind()) {
                case SEEN, NONE -> ", but units stand idle while messages wait, so every message group with work is in"
                        + " flight and this FIFO queue can use " + count(v.groupCap(), "unit");
                case REMEMBERED -> ", but a reading " + v.estimate().flatMap(ThroughputEstimate::groupCapAt)
                        .map(at -> java.time.Duration.between(at, v.decidedAt()).getSeconds() + " s ago").orElse("")
                        + " saw units idle while messages waited, so this FIFO queue's message groups can use "
                        + count(v.groupCap(), "unit") + " (checked again " + ScalingDecider.FIFO_RECHECK.toMinutes()
                        + " min after that reading)";
                case PROBE -> ", but this FIFO queue serves a message group one message at a time and no reading"
                        + " tells how many groups wait, so at most twice the groups in flight: "
                        + count(v.groupCap(), "unit");
            };
        }
        return need + switch (v.bound()) {
            case CAPPED_AT_MAX -> ", capped at " + maximum(v);
            case RAISED_TO_MIN -> ", raised to " + minimum(v);
            case NONE -> "";
        };
    }

    /**
     * The static policy's load floor: the messages sent in CloudWatch's last minute at the time in flight a message
     * took over its last published minutes (Little's law), the load itself.
     */
    private static String measuredLoad(Verdict v) {
        QueueMetrics m = v.measured().orElseThrow();
        QueueMetrics.Window w = m.window().orElseThrow();
        long perUnit = Math.max(1, v.policy().inFlightPerUnit());
        double inFlight = m.sent().orElse(0) * w.secondsInFlight().orElse(0) / m.periodSeconds();
        long load = Math.round(inFlight / perUnit);
        String sentence = ", but the " + count(m.sent().orElse(0), "message") + " sent in CloudWatch's last minute, at the "
                + rate(w.secondsInFlight().orElse(0)) + " s in flight a message took over its last "
                + count(w.minutes(), "minute") + " (" + count(w.deleted(), "message") + " deleted, " + rate(w.meanInFlight())
                + " in flight on average), keep " + count(load, "unit") + " busy (the load itself)";
        if (load > v.carryingUnits() && v.carryingUnits() == v.current()) {
            sentence += ", more than the fleet asks for";
        } else if (load > v.carryingUnits() && m.fifo() && m.groupsInFlight().isPresent()
                && v.carryingUnits() == Math.max(1, -Math.floorDiv(-m.groupsInFlight().getAsLong(), perUnit))) {
            sentence += ", but this FIFO queue's " + count(m.groupsInFlight().getAsLong(), "message group")
                    + " in flight keep at most " + count(v.carryingUnits(), "unit") + " busy";
        } else if (load > v.carryingUnits()) {
            sentence += ", but CloudWatch's minute lags and " + count(v.basis().inFlight(), "message")
                    + " in flight now make a load above " + rate(ScalingDecider.plausibleInFlight(v.basis().inFlight()))
                    + " in flight unlikely";
        }
        return sentence + ", so " + count(v.carryingUnits(), "unit");
    }

    /**
     * With {@code targetWaitSeconds}: the estimate, its observations and the backlog per unit it implies, or
     * that the starting guess is in force; empty for a policy that does not learn.
     */
    static String estimateNote(Verdict v) {
        ScalingPolicy p = v.policy();
        if (p.targetWaitSeconds().isEmpty()) {
            return "";
        }
        long wait = p.targetWaitSeconds().get();
        String target = "target wait " + wait + " s";
        ThroughputEstimate e = v.estimate().orElse(null);
        if (e == null || !e.learnt()) {
            return " (" + target + "; nothing learnt yet, so the starting guess of " + p.backlogPerUnit() + ")";
        }
        String rate = rate(e.messagesPerUnitSecond()) + " message" + (e.messagesPerUnitSecond() == 1 ? "" : "s")
                + " per unit-second over "
                + count(e.observations(), "observation");
        if (!ScalingDecider.usable(e)) {
            long learnt = e.backlogPerUnit(wait * ScalingDecider.WAIT_BUDGET);
            if (learnt < p.backlogPerUnit()) {
                return " (" + target + "; learnt " + rate + ", fewer than " + ThroughputEstimator.MIN_OBSERVATIONS
                        + ", but already slower than the starting guess of " + p.backlogPerUnit() + " allows, so "
                        + learnt + " per unit in half the target)";
            }
            return " (" + target + "; learnt " + rate + ", fewer than " + ThroughputEstimator.MIN_OBSERVATIONS
                    + ", so the starting guess of " + p.backlogPerUnit() + ")";
        }
        return " (" + target + "; learnt " + rate + ": " + e.backlogPerUnit(wait * ScalingDecider.WAIT_BUDGET)
                + " per unit in half the target)";
    }

    /** A rate with three significant digits: 0.00333, 0.5, 12.3. */
    private static String rate(double r) {
        return new BigDecimal(r).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }

    private static String stepLimitNote(Verdict v) {
        return v.stepLimit() > 0 ? " and one decision may move at most " + count(v.stepLimit(), "unit") : "";
    }

    /** " (step 4)", plus what cut it short: a bound, or the per-decision step limit. */
    private static String stepNote(Verdict v) {
        ScalingPolicy p = v.policy();
        String cut = switch (v.bound()) {
            case RAISED_TO_MIN -> ", held at " + minimum(v);
            case CAPPED_AT_MAX -> ", capped at " + maximum(v);
            case NONE -> "";
        };
        if (v.stepLimit() > 0) {
            cut += ", at most " + count(v.stepLimit(), "unit") + " per decision";
        }
        return " (step " + p.stepSize() + cut + ")";
    }

    /** "missing", or how old a stale reading was. */
    private static String queueProblem(Verdict v) {
        return v.queueStale()
                ? v.basis().queueDataAgeSeconds() + " s old (the limit is " + v.policy().maxQueueDataAgeSeconds() + " s)"
                : "missing";
    }

    private static String describe(Trigger t) {
        return switch (t.kind()) {
            case MANUAL -> "a manual run";
            case SCHEDULE -> "a scheduled run";
            case ALARM -> "the alarm " + t.alarmName().orElse("") + " entering "
                    + t.alarmState().map(Enum::name).orElse("an unknown state");
        };
    }

    private static String alarmNames(ScalingPolicy p) {
        StringBuilder b = new StringBuilder();
        p.scaleOutAlarmName().ifPresent(n -> b.append("the scale-out alarm ").append(n));
        p.scaleInAlarmName().ifPresent(n -> b.append(b.length() > 0 ? " or " : "")
                .append("the scale-in alarm ").append(n));
        return b.toString();
    }

    /** 0.1 reads "10%", 0.125 reads "12.5%": as configured, not rounded. */
    private static String percent(double fraction) {
        return BigDecimal.valueOf(fraction).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }

    /** "1 unit", "7 units": a history read by people should not say "1 units". */
    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** "3" for whole units, "2.5" for a part. */
    private static String units(double units) {
        return units == Math.rint(units) ? Long.toString((long) units) : Double.toString(units);
    }
}
