package dev.sfautoscaler.sandbox;

import dev.sfautoscaler.core.AlarmState;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A CloudWatch metric alarm on the queue's {@code ApproximateNumberOfMessagesVisible}, evaluated
 * as CloudWatch evaluates it (moto stores alarms but never evaluates them): once per period, the
 * statistic over the period's one-minute datapoints; ALARM when at least {@code datapointsToAlarm}
 * of the last {@code evaluationPeriods} datapoints breach the threshold, OK when too few can, else
 * the state stays; a new alarm is INSUFFICIENT_DATA. Only a change of state is reported, as
 * CloudWatch sends an event only then.
 *
 * <p>The datapoints are the live queue depth (no metric delay): the sandbox shows the workflow, not
 * CloudWatch's lag, which the simulator ({@code make bench}) models.
 */
final class QueueAlarm {

    static final String NAMESPACE = "AWS/SQS";
    static final String METRIC = "ApproximateNumberOfMessagesVisible";
    private static final DateTimeFormatter REASON_TIME = DateTimeFormatter.ofPattern("dd/MM/yy HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    enum Statistic { Average, Maximum, Minimum, Sum, SampleCount }

    /** CloudWatch's comparison operators, with the words its reasons use. */
    enum Comparison {
        GreaterThanOrEqualToThreshold(">=", "greater than or equal to"),
        GreaterThanThreshold(">", "greater than"),
        LessThanThreshold("<", "less than"),
        LessThanOrEqualToThreshold("<=", "less than or equal to");

        final String symbol;
        final String words;

        Comparison(String symbol, String words) {
            this.symbol = symbol;
            this.words = words;
        }

        boolean breaches(double value, double threshold) {
            return switch (this) {
                case GreaterThanOrEqualToThreshold -> value >= threshold;
                case GreaterThanThreshold -> value > threshold;
                case LessThanThreshold -> value < threshold;
                case LessThanOrEqualToThreshold -> value <= threshold;
            };
        }
    }

    /** An alarm as the queue-alarms Terraform module defines it; times in simulated seconds. */
    record Spec(String name, String description, Statistic statistic, int periodSeconds, int evaluationPeriods,
            int datapointsToAlarm, Comparison comparison, double threshold) {

        Spec {
            if (periodSeconds < 60 || periodSeconds % 60 != 0) {
                throw new SandboxException("alarm " + name + ": the period must be a multiple of 60 seconds; got "
                        + periodSeconds);
            }
            if (evaluationPeriods < 1 || datapointsToAlarm < 1 || datapointsToAlarm > evaluationPeriods) {
                throw new SandboxException("alarm " + name + ": need 1 <= datapointsToAlarm <= evaluationPeriods; got "
                        + datapointsToAlarm + " of " + evaluationPeriods);
            }
        }

        /** The same alarm over {@code periods} periods, all of which must breach (Terraform's default). */
        Spec withEvaluationPeriods(int periods) {
            return new Spec(name, description, statistic, periodSeconds, periods, periods, comparison, threshold);
        }

        String describe() {
            return statistic + "(visible) " + comparison.symbol + " " + number(threshold) + " in " + datapointsToAlarm
                    + " of " + evaluationPeriods + " periods of " + periodSeconds + " s";
        }
    }

    /** One period's value, at the real time the period ended. */
    record Datapoint(double value, Instant at) {
    }

    /** A state change, with what CloudWatch records about it and about the state before. */
    record Transition(Spec spec, AlarmState from, AlarmState to, String reason, String reasonData, Instant at,
            String previousReason, String previousReasonData, Instant previousAt, List<Datapoint> datapoints) {
    }

    private final Spec spec;
    private final Deque<Datapoint> recent = new ArrayDeque<>();
    private AlarmState state = AlarmState.INSUFFICIENT_DATA;
    private String reason = "Unchecked: Initial alarm creation";
    private String reasonData = null;
    private Instant stateAt;

    QueueAlarm(Spec spec, Instant createdAt) {
        this.spec = spec;
        this.stateAt = createdAt;
    }

    Spec spec() {
        return spec;
    }

    AlarmState state() {
        return state;
    }

    /** The statistic over one period's one-minute samples. */
    static double aggregate(Statistic statistic, List<Double> samples) {
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : samples) {
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return switch (statistic) {
            case Average -> sum / samples.size();
            case Maximum -> max;
            case Minimum -> min;
            case Sum -> sum;
            case SampleCount -> samples.size();
        };
    }

    /** Adds the datapoint of the period that just ended and evaluates; a transition when the state changed. */
    Optional<Transition> evaluate(Datapoint datapoint, String startDate) {
        recent.addFirst(datapoint);
        while (recent.size() > spec.evaluationPeriods()) {
            recent.removeLast();
        }
        int breaching = 0;
        for (Datapoint d : recent) {
            if (spec.comparison().breaches(d.value(), spec.threshold())) {
                breaching++;
            }
        }
        int notBreaching = recent.size() - breaching;
        AlarmState next = state;
        if (breaching >= spec.datapointsToAlarm()) {
            next = AlarmState.ALARM;
        } else if (notBreaching > spec.evaluationPeriods() - spec.datapointsToAlarm()) {
            next = AlarmState.OK;
        }
        if (next == state) {
            return Optional.empty();
        }
        List<Datapoint> points = new ArrayList<>(recent);
        int shown = next == AlarmState.ALARM ? breaching : notBreaching;
        String newReason = "Threshold Crossed: " + shown + " out of the last " + points.size() + " datapoints "
                + points.stream().map(d -> number1(d.value()) + " (" + REASON_TIME.format(d.at()) + ")").toList()
                + " " + (next == AlarmState.ALARM ? "was " : "was not ") + spec.comparison().words + " the threshold ("
                + number1(spec.threshold()) + ") (minimum " + spec.datapointsToAlarm() + " datapoint"
                + (spec.datapointsToAlarm() == 1 ? "" : "s") + " for " + state + " -> " + next + " transition).";
        String newReasonData = "{\"version\":\"1.0\",\"queryDate\":\"" + CloudWatchTime.reasonData(datapoint.at())
                + "\",\"startDate\":\"" + startDate + "\",\"statistic\":\"" + spec.statistic() + "\",\"period\":"
                + spec.periodSeconds() + ",\"recentDatapoints\":" + points.stream().map(d -> number1(d.value())).toList()
                .toString().replace(" ", "") + ",\"threshold\":" + number1(spec.threshold()) + "}";
        Transition t = new Transition(spec, state, next, newReason, newReasonData, datapoint.at(), reason, reasonData,
                stateAt, points);
        state = next;
        reason = newReason;
        reasonData = newReasonData;
        stateAt = datapoint.at();
        return Optional.of(t);
    }

    static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String number1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** CloudWatch's timestamp formats. */
    static final class CloudWatchTime {
        private static final DateTimeFormatter MILLIS_OFFSET = DateTimeFormatter
                .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ", Locale.ROOT).withZone(ZoneOffset.UTC);

        private CloudWatchTime() {
        }

        /** {@code 2026-11-28T09:14:40.567+0000}, as in reasonData and the event's state timestamp. */
        static String reasonData(Instant at) {
            return MILLIS_OFFSET.format(at);
        }
    }
}
