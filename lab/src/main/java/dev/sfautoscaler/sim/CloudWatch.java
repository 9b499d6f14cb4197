package dev.sfautoscaler.sim;

import dev.sfautoscaler.core.AlarmState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * CloudWatch as the alarms see it: one-minute datapoints that become visible only after their
 * lag, aggregated per alarm period with the alarm's statistic over a sliding window, evaluated
 * once a minute; an alarm tells its listeners only when its state changes.
 *
 * <p>Missing data: the alarm evaluates the most recent datapoints found within its evaluation
 * range (the evaluation periods plus a few more). When it finds fewer than its evaluation periods,
 * its {@link TreatMissingData} decides: "missing" (CloudWatch's default) evaluates those it found
 * and goes to INSUFFICIENT_DATA with none at all; "notBreaching" and "breaching" count each missing
 * one as within or past the threshold; "ignore" keeps the state when none is found.
 */
final class CloudWatch {

    /** SQS metric names, as the alarm specs use them. */
    static final String VISIBLE = "ApproximateNumberOfMessagesVisible";
    static final String NOT_VISIBLE = "ApproximateNumberOfMessagesNotVisible";
    static final String AGE_OF_OLDEST = "ApproximateAgeOfOldestMessage";
    static final String SENT = "NumberOfMessagesSent";
    static final String DELETED = "NumberOfMessagesDeleted";
    static final String GROUPS_IN_FLIGHT = "ApproximateNumberOfGroupsWithInflightMessages";

    enum Statistic { Average, Maximum, Minimum, Sum, SampleCount }

    /** The alarm's TreatMissingData, by its wire name. */
    enum TreatMissingData {
        MISSING("missing"), NOT_BREACHING("notBreaching"), BREACHING("breaching"), IGNORE("ignore");

        final String wireName;

        TreatMissingData(String wireName) {
            this.wireName = wireName;
        }

        static TreatMissingData of(String wireName) {
            for (TreatMissingData t : values()) {
                if (t.wireName.equals(wireName)) {
                    return t;
                }
            }
            throw new IllegalArgumentException(wireName);
        }
    }

    enum Comparison {
        GreaterThanOrEqualToThreshold, GreaterThanThreshold, LessThanThreshold, LessThanOrEqualToThreshold;

        boolean breaches(double value, double threshold) {
            return switch (this) {
                case GreaterThanOrEqualToThreshold -> value >= threshold;
                case GreaterThanThreshold -> value > threshold;
                case LessThanThreshold -> value < threshold;
                case LessThanOrEqualToThreshold -> value <= threshold;
            };
        }
    }

    /**
     * An alarm definition. {@code metrics} lists one metric, or several summed with metric math
     * (e.g. visible + not visible).
     */
    record AlarmSpec(String name, List<String> metrics, Statistic statistic, int periodSeconds,
            int evaluationPeriods, int datapointsToAlarm, Comparison comparison, double threshold,
            TreatMissingData treatMissingData) {

        /** An alarm that treats missing data as missing, CloudWatch's default. */
        AlarmSpec(String name, List<String> metrics, Statistic statistic, int periodSeconds, int evaluationPeriods,
                int datapointsToAlarm, Comparison comparison, double threshold) {
            this(name, metrics, statistic, periodSeconds, evaluationPeriods, datapointsToAlarm, comparison, threshold,
                    TreatMissingData.MISSING);
        }

        AlarmSpec {
            if (periodSeconds <= 0 || periodSeconds % 60 != 0) {
                throw new ScenarioException("alarm " + name + ": periodSeconds must be a positive multiple of 60");
            }
            if (evaluationPeriods < 1 || datapointsToAlarm < 1 || datapointsToAlarm > evaluationPeriods) {
                throw new ScenarioException("alarm " + name
                        + ": need 1 <= datapointsToAlarm <= evaluationPeriods");
            }
            if (metrics.isEmpty()) {
                throw new ScenarioException("alarm " + name + ": needs a metric");
            }
        }

        String describe() {
            String m = String.join(" + ", metrics.stream().map(CloudWatch::shortName).toList());
            String op = switch (comparison) {
                case GreaterThanOrEqualToThreshold -> ">=";
                case GreaterThanThreshold -> ">";
                case LessThanThreshold -> "<";
                case LessThanOrEqualToThreshold -> "<=";
            };
            return statistic + "(" + m + ") over " + periodSeconds + " s " + op + " " + fmt(threshold) + ", "
                    + datapointsToAlarm + " of " + evaluationPeriods
                    + (treatMissingData == TreatMissingData.MISSING ? "" : ", missing data " + treatMissingData.wireName);
        }
    }

    interface Listener {
        void changed(Alarm alarm, AlarmState from, AlarmState to);
    }

    /** A metric alarm and its current state. */
    final class Alarm {
        final AlarmSpec spec;
        AlarmState state = AlarmState.INSUFFICIENT_DATA;
        /** Most recent aggregated datapoint the alarm evaluated, NaN when none. */
        double lastValue = Double.NaN;
        private final List<Listener> listeners = new ArrayList<>();

        Alarm(AlarmSpec spec) {
            this.spec = spec;
        }

        void onChange(Listener l) {
            listeners.add(l);
        }

        String name() {
            return spec.name();
        }

        private void evaluate(long now) {
            int period = spec.periodSeconds() * 1000;
            int range = spec.evaluationPeriods() + aws.evaluationRangeExtraPeriods();
            List<Double> found = new ArrayList<>();
            for (int k = 0; k < range && found.size() < spec.evaluationPeriods(); k++) {
                long to = now - (long) k * period;
                double v = aggregate(spec.metrics(), spec.statistic(), to - period, to, now);
                if (!Double.isNaN(v)) {
                    found.add(v);
                }
            }
            AlarmState next;
            lastValue = found.isEmpty() ? Double.NaN : found.get(0);
            int breaching = 0;
            for (double v : found) {
                if (spec.comparison().breaches(v, spec.threshold())) {
                    breaching++;
                }
            }
            int notBreaching = found.size() - breaching;
            // Fewer datapoints than evaluation periods: the missing ones count as the alarm says.
            int missing = spec.evaluationPeriods() - found.size();
            switch (spec.treatMissingData()) {
                case BREACHING -> breaching += missing;
                case NOT_BREACHING -> notBreaching += missing;
                default -> {
                }
            }
            if (breaching == 0 && notBreaching == 0) {
                next = spec.treatMissingData() == TreatMissingData.IGNORE ? state : AlarmState.INSUFFICIENT_DATA;
            } else if (breaching >= spec.datapointsToAlarm()) {
                next = AlarmState.ALARM;
            } else if (notBreaching > spec.evaluationPeriods() - spec.datapointsToAlarm()) {
                next = AlarmState.OK;
            } else {
                next = state;
            }
            if (next != state) {
                AlarmState from = state;
                state = next;
                for (Listener l : List.copyOf(listeners)) {
                    l.changed(this, from, next);
                }
            }
        }
    }

    /** One datapoint as GetMetricData returns it: its timestamp (the start of its minute) and value. */
    record Datapoint(long at, double value) {
    }

    /** The newest datapoint of {@code metric} visible at {@code now}, or null when there is none yet. */
    Datapoint latest(String metric, long now) {
        Series s = metrics.get(metric);
        if (s == null) {
            return null;
        }
        for (int i = s.size - 1; i >= 0 && i >= s.size - 10; i--) {
            if (s.visibleAt[i] <= now) {
                return new Datapoint(s.at[i], s.value[i]);
            }
        }
        return null;
    }

    /** The datapoints of {@code metric} dated at or after {@code from} and visible at {@code now}, oldest first. */
    List<Datapoint> visibleSince(String metric, long from, long now) {
        Series s = metrics.get(metric);
        List<Datapoint> found = new ArrayList<>();
        if (s == null) {
            return found;
        }
        for (int i = s.firstAtOrAfter(from); i < s.size; i++) {
            if (s.visibleAt[i] <= now) {
                found.add(new Datapoint(s.at[i], s.value[i]));
            }
        }
        return found;
    }

    /** Datapoints of one metric, in timestamp order. */
    private static final class Series {
        long[] at = new long[256];
        double[] value = new double[256];
        long[] visibleAt = new long[256];
        int size;

        void add(long timestamp, double v, long availableAt) {
            if (size == at.length) {
                at = Arrays.copyOf(at, size * 2);
                value = Arrays.copyOf(value, size * 2);
                visibleAt = Arrays.copyOf(visibleAt, size * 2);
            }
            at[size] = timestamp;
            value[size] = v;
            visibleAt[size] = availableAt;
            size++;
        }

        int firstAtOrAfter(long t) {
            int lo = 0;
            int hi = size;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (at[mid] < t) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }

    private final EventLoop loop;
    private final Scenario.Aws aws;
    private final Map<String, Series> metrics = new HashMap<>();
    private final List<Alarm> alarms = new ArrayList<>();

    CloudWatch(EventLoop loop, Scenario.Aws aws) {
        this.loop = loop;
        this.aws = aws;
        // Standard-resolution alarms are evaluated once a minute.
        loop.every(60_000, 60_000, () -> {
            for (Alarm a : alarms) {
                a.evaluate(loop.now());
            }
        });
    }

    Alarm alarm(AlarmSpec spec) {
        for (Alarm a : alarms) {
            if (a.name().equals(spec.name())) {
                throw new ScenarioException("two alarms are named " + spec.name());
            }
        }
        Alarm a = new Alarm(spec);
        alarms.add(a);
        return a;
    }

    void put(String metric, long timestamp, double value, long availableAt) {
        metrics.computeIfAbsent(metric, k -> new Series()).add(timestamp, value, availableAt);
    }

    /** A publisher that samples {@code value} every minute, visible to alarms after {@code lagSeconds}. */
    void publishEveryMinute(String metric, double lagSeconds, DoubleSupplier value) {
        loop.every(0, 60_000, () -> put(metric, loop.now(), value.getAsDouble(),
                loop.now() + Math.round(lagSeconds * 1000)));
    }

    /** Statistic of the datapoints in [from, to) known at {@code now}, summed over metrics; NaN when any is missing. */
    double aggregate(List<String> names, Statistic statistic, long from, long to, long now) {
        double total = 0;
        for (String name : names) {
            Series s = metrics.get(name);
            if (s == null) {
                return Double.NaN;
            }
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            int n = 0;
            for (int i = s.firstAtOrAfter(from); i < s.size && s.at[i] < to; i++) {
                if (s.visibleAt[i] > now) {
                    continue;
                }
                double v = s.value[i];
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
                n++;
            }
            if (n == 0) {
                return Double.NaN;
            }
            total += switch (statistic) {
                case Average -> sum / n;
                case Maximum -> max;
                case Minimum -> min;
                case Sum -> sum;
                case SampleCount -> n;
            };
        }
        return total;
    }

    static String shortName(String metric) {
        return switch (metric) {
            case VISIBLE -> "visible";
            case NOT_VISIBLE -> "notVisible";
            case AGE_OF_OLDEST -> "ageOfOldest";
            case SENT -> "sent";
            case DELETED -> "deleted";
            case GROUPS_IN_FLIGHT -> "groupsInFlight";
            default -> metric;
        };
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.2f", v);
    }
}
