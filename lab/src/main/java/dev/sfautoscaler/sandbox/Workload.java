package dev.sfautoscaler.sandbox;

import dev.sfautoscaler.core.ScalingPolicy;
import dev.sfautoscaler.sim.Scenario;

/**
 * The messages a scenario sends, second by second, as the sandbox sends them to the emulator's
 * queue. moto's queue slows down with every message it holds (each call walks them all), so a
 * scenario heavier than about {@value #REAL_MESSAGES_PER_SECOND} messages per real second is
 * batched: each SQS message then carries {@code jobsPerMessage} of the scenario's messages, takes
 * that many times longer to process, and the backlog per unit (and so the alarm threshold) is
 * divided by the same factor. The fleet needs the same capacity; the queue holds fewer messages.
 */
final class Workload {

    /** What the emulator's queue serves comfortably while the workflow runs alongside. */
    static final double REAL_MESSAGES_PER_SECOND = 20;
    /** Fewer SQS messages per unit of backlog than this and target tracking works in steps too coarse to mean much. */
    static final double MIN_MESSAGES_PER_UNIT = 3;

    private final long[] perSecond;
    private final long jobsPerMessage;
    private final Scenario.Processing processing;
    private final ScalingPolicy policy;
    private final long peakPerMinute;

    Workload(Scenario scenario, String name, double speed) {
        long seconds = scenario.durationSeconds();
        long peak = 0;
        for (long start = 0; start < seconds; start += 60) {
            long minute = 0;
            for (long s = start; s < Math.min(seconds, start + 60); s++) {
                minute += scenario.arrivals().at(s);
            }
            peak = Math.max(peak, minute);
        }
        peakPerMinute = peak;
        double realRate = peak / 60.0 * speed;
        jobsPerMessage = Math.max(1, (long) Math.ceil(realRate / REAL_MESSAGES_PER_SECOND));
        double perUnit = scenario.policy().backlogPerUnit() / (double) jobsPerMessage;
        if (jobsPerMessage > 1 && perUnit < MIN_MESSAGES_PER_UNIT) {
            double maxBatch = Math.max(1, Math.floor(scenario.policy().backlogPerUnit() / MIN_MESSAGES_PER_UNIT));
            long maxSpeed = (long) Math.floor(REAL_MESSAGES_PER_SECOND * 60 * maxBatch / peak);
            String heavy = name + " sends up to " + peak + " messages a simulated minute at " + scenario.policy()
                    .backlogPerUnit() + " per unit of backlog, too many for the emulator's queue at SPEED="
                    + QueueAlarm.number(speed) + "; ";
            long realMinutes = maxSpeed >= 1 ? Math.round(scenario.durationSeconds() / (double) maxSpeed / 60) : 0;
            throw new SandboxException(maxSpeed >= 1 && realMinutes <= 30
                    ? heavy + "run it at SPEED=" + maxSpeed + " or lower (about " + realMinutes + " real minutes), "
                            + "or simulate it with make whatif (scenarios/README.md)"
                    : heavy + "simulate it with make whatif instead (scenarios/README.md)");
        }
        perSecond = new long[(int) seconds];
        double carry = 0;
        for (int s = 0; s < seconds; s++) {
            double want = scenario.arrivals().at(s) / (double) jobsPerMessage + carry;
            perSecond[s] = (long) Math.floor(want);
            carry = want - perSecond[s];
        }
        Scenario.Processing p = scenario.plant().processing();
        processing = new Scenario.Processing(p.meanSeconds() * jobsPerMessage, p.distribution(), p.cv());
        ScalingPolicy base = scenario.policy();
        policy = jobsPerMessage == 1 ? base : base.toBuilder()
                .backlogPerUnit(Math.max(1, Math.round(base.backlogPerUnit() / (double) jobsPerMessage)))
                .activationBacklog(Math.max(base.activationBacklog() == 0 ? 0 : 1,
                        Math.round(base.activationBacklog() / (double) jobsPerMessage)))
                .build();
    }

    /** SQS messages to send in simulated second {@code second}. */
    long at(long second) {
        return second >= 0 && second < perSecond.length ? perSecond[(int) second] : 0;
    }

    long jobsPerMessage() {
        return jobsPerMessage;
    }

    /** The SQS visibility timeout for the scenario's, in simulated seconds: a batched message takes longer. */
    double visibilityTimeoutSeconds(Scenario scenario) {
        return scenario.plant().visibilityTimeoutSeconds() * jobsPerMessage;
    }

    /** Processing time of one SQS message on one unit. */
    Scenario.Processing processing() {
        return processing;
    }

    /** The scenario's policy, its backlog per unit in SQS messages. */
    ScalingPolicy policy() {
        return policy;
    }

    long peakPerMinute() {
        return peakPerMinute;
    }
}
