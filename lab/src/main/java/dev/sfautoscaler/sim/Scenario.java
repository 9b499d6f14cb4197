package dev.sfautoscaler.sim;

import dev.sfautoscaler.core.ScalingPolicy;
import dev.sfautoscaler.core.TargetKind;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * One simulated situation: traffic, plant, AWS timing, the wait-time target and the deployment
 * values every policy shares (bounds and backlog per unit).
 *
 * @param name            file stem, used in reports
 * @param title           one line for people
 * @param description     what the scenario tests
 * @param seed            seed of every random stream
 * @param durationSeconds simulated time
 * @param sloWaitSeconds  the wait-time target: a message should start processing within this
 * @param arrivals        messages sent per second
 * @param plant           workers and fleet
 * @param aws             CloudWatch and workflow timing
 * @param policy          our policy for this deployment (defaults plus the scenario's fields);
 *                        baselines take their bounds and backlog target from it
 * @param policySource    which fields the scenario set, for the report
 * @param startsAt        the wall-clock time and zone of simulated second 0 ({@code startsAt}; by default
 *                        {@link SimClock#EPOCH}, a Monday at 00:00 UTC): what decide's clock reads, so that
 *                        scheduled windows open at their local time
 */
public record Scenario(String name, String title, String description, long seed, long durationSeconds,
        long sloWaitSeconds, Arrivals arrivals, Plant plant, Aws aws, ScalingPolicy policy, String policySource,
        ZonedDateTime startsAt) {

    public Scenario {
        startsAt = startsAt == null ? SimClock.EPOCH.atZone(java.time.ZoneOffset.UTC) : startsAt;
    }

    /** A scenario starting at {@link SimClock#EPOCH}. */
    public Scenario(String name, String title, String description, long seed, long durationSeconds,
            long sloWaitSeconds, Arrivals arrivals, Plant plant, Aws aws, ScalingPolicy policy, String policySource) {
        this(name, title, description, seed, durationSeconds, sloWaitSeconds, arrivals, plant, aws, policy,
                policySource, null);
    }

    /**
     * Share of the wait target that backlog-based policies aim for when the scenario does not set
     * {@code backlogPerUnit}: backlogPerUnit = floor(sloWaitSeconds x WAIT_BUDGET / processing
     * seconds). Backlog tracking holds the queue near its target, so the target must sit below
     * the SLO with room for launch delay.
     */
    static final double WAIT_BUDGET = 0.5;

    Scenario withArrivals(Arrivals a, long duration) {
        return new Scenario(name, title, description, seed, duration, sloWaitSeconds, a, plant, aws, policy,
                policySource, startsAt);
    }

    /** The same scenario on another kind of target ({@code --target-kind}). */
    public Scenario withTarget(TargetKind kind) {
        return new Scenario(name, title, description, seed, durationSeconds, sloWaitSeconds, arrivals,
                plant.withTarget(kind), aws, policy, policySource);
    }

    Scenario withSeed(long newSeed) {
        return new Scenario(name, title, description, newSeed, durationSeconds, sloWaitSeconds,
                arrivals.reseeded(newSeed), plant, aws, policy, policySource, startsAt);
    }

    /**
     * Workers and fleet.
     *
     * @param processing               processing time of one message on one capacity unit
     * @param initialCapacity          running units at time zero
     * @param fulfilmentMinSeconds     Spot fulfilment delay, uniform between min and max (not billed)
     * @param fulfilmentMaxSeconds     see min
     * @param bootSeconds              from launch to taking messages (billed)
     * @param drainSeconds             on scale-in, how long an instance may finish its message (0: at once)
     * @param visibilityTimeoutSeconds a message held by a lost worker reappears this long after it was received
     * @param fleetModifyingSeconds    the fleet reports {@code modifying} this long after a change
     * @param interruptionsPerHour     Spot interruptions per instance-hour outside storms
     * @param storms                   windows with a higher interruption rate
     * @param target                   what kind of target the capacity is: a spot fleet and an EC2 Fleet
     *                                 report {@code modifying} for {@code fleetModifyingSeconds} after a
     *                                 change and drain on scale-in; an Auto Scaling group has no modifying
     *                                 state, counts an instance from its launch request (Pending) and
     *                                 terminates at once on scale-in (no drain)
     * @param workers                  how the workers treat the worker contract (docs/workers.md) when our
     *                                 drain mode asks them to follow it
     * @param fifoGroups               0 for a standard queue; else a FIFO queue whose messages fall into this many
     *                                 message groups, one message of a group in flight at a time
     */
    public record Plant(Processing processing, int initialCapacity, double fulfilmentMinSeconds,
            double fulfilmentMaxSeconds, double bootSeconds, double drainSeconds, double visibilityTimeoutSeconds,
            double fleetModifyingSeconds, double interruptionsPerHour, List<Storm> storms, TargetKind target,
            Workers workers, int fifoGroups) {

        public Plant {
            target = target == null ? TargetKind.SPOT_FLEET : target;
            workers = workers == null ? Workers.COMPLIANT : workers;
        }

        /** A plant on a standard queue. */
        public Plant(Processing processing, int initialCapacity, double fulfilmentMinSeconds,
                double fulfilmentMaxSeconds, double bootSeconds, double drainSeconds, double visibilityTimeoutSeconds,
                double fleetModifyingSeconds, double interruptionsPerHour, List<Storm> storms, TargetKind target,
                Workers workers) {
            this(processing, initialCapacity, fulfilmentMinSeconds, fulfilmentMaxSeconds, bootSeconds, drainSeconds,
                    visibilityTimeoutSeconds, fleetModifyingSeconds, interruptionsPerHour, storms, target, workers, 0);
        }

        public Plant(Processing processing, int initialCapacity, double fulfilmentMinSeconds,
                double fulfilmentMaxSeconds, double bootSeconds, double drainSeconds, double visibilityTimeoutSeconds,
                double fleetModifyingSeconds, double interruptionsPerHour, List<Storm> storms, TargetKind target) {
            this(processing, initialCapacity, fulfilmentMinSeconds, fulfilmentMaxSeconds, bootSeconds, drainSeconds,
                    visibilityTimeoutSeconds, fleetModifyingSeconds, interruptionsPerHour, storms, target, null);
        }

        /** The same plant on another kind of target. */
        public Plant withTarget(TargetKind kind) {
            return new Plant(processing, initialCapacity, fulfilmentMinSeconds, fulfilmentMaxSeconds, bootSeconds,
                    drainSeconds, visibilityTimeoutSeconds, fleetModifyingSeconds, interruptionsPerHour, storms, kind,
                    workers, fifoGroups);
        }

        /** Whether a change leaves the target {@code modifying} for a while (the fleets; not a group). */
        boolean reportsModifying() {
            return target != TargetKind.AUTO_SCALING_GROUP;
        }

        /** How long a scale-in lets an instance finish its message: an Auto Scaling group terminates at once. */
        double scaleInDrainSeconds() {
            return target == TargetKind.AUTO_SCALING_GROUP ? 0 : drainSeconds;
        }

        /** Interruption rate per instance-hour at a simulated second. */
        double interruptionRateAt(double second) {
            double r = interruptionsPerHour;
            for (Storm s : storms) {
                if (second >= s.startSecond() && second < s.endSecond()) {
                    r = Math.max(r, s.perInstanceHour());
                }
            }
            return r;
        }
    }

    /**
     * The workers' side of the worker contract ({@code plant.workers}).
     *
     * @param ignoreDrainFraction the share of workers (0 to 1, drawn per instance) that ignore the contract:
     *                            they keep receiving when their instance is drained, never report, and lose
     *                            their message when the drain times out and terminates them
     */
    public record Workers(double ignoreDrainFraction) {

        /** Every worker follows the contract. */
        static final Workers COMPLIANT = new Workers(0);
    }

    /** A window of heavy Spot interruptions. */
    record Storm(long startSecond, long endSecond, double perInstanceHour) {
    }

    /**
     * Processing time distribution.
     *
     * @param meanSeconds  mean seconds per message per capacity unit
     * @param distribution fixed, exponential or lognormal
     * @param cv           coefficient of variation for lognormal
     * @param slowdownAtSecond from this simulated second on, every message takes {@code slowdownFactor} times as long
     *                     (a slower release); 0 with a factor of 1 when there is none
     * @param slowdownFactor see slowdownAtSecond
     */
    public record Processing(double meanSeconds, String distribution, double cv, long slowdownAtSecond,
            double slowdownFactor) {

        /** Processing that keeps its pace for the whole run. */
        public Processing(double meanSeconds, String distribution, double cv) {
            this(meanSeconds, distribution, cv, 0, 1);
        }

        /** How much longer a message sent at {@code second} takes than at the start. */
        public double factorAt(double second) {
            return slowdownFactor != 1 && second >= slowdownAtSecond ? slowdownFactor : 1;
        }

        public long sampleMillis(java.util.SplittableRandom rng) {
            double s;
            switch (distribution) {
                case "fixed" -> s = meanSeconds;
                case "exponential" -> s = Streams.exponential(rng, meanSeconds);
                default -> {
                    double sigma2 = Math.log(1 + cv * cv);
                    double mu = Math.log(meanSeconds) - sigma2 / 2;
                    s = Math.exp(mu + Math.sqrt(sigma2) * rng.nextGaussian());
                }
            }
            return Math.max(1, Math.round(s * 1000));
        }
    }

    /**
     * CloudWatch and workflow timing.
     *
     * @param sqsMetricLagSeconds          an SQS one-minute datapoint reaches CloudWatch this long after its minute ends
     * @param customMetricLagSeconds       a PutMetricData datapoint is visible to alarms after this long
     * @param queueInactiveAfterSeconds    an empty queue nobody sends to or receives from stops publishing metrics
     * @param metricsWakeUpSeconds         after activity resumes, metrics return only after this long
     * @param evaluationRangeExtraPeriods  alarms look back this many periods beyond their evaluation periods for
     *                                     late datapoints (CloudWatch's evaluation range)
     * @param eventDelaySeconds            alarm state change to EventBridge/SNS target start
     * @param taskSeconds                  one Lambda task of the workflow (read, decide, modify)
     */
    record Aws(double sqsMetricLagSeconds, double customMetricLagSeconds, double queueInactiveAfterSeconds,
            double metricsWakeUpSeconds, int evaluationRangeExtraPeriods, double eventDelaySeconds,
            double taskSeconds) {
    }
}
