package dev.sfautoscaler.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Learns what one capacity unit gets through, online, from what read-capacity reads anyway: the
 * messages the workers deleted in CloudWatch's last period ({@code NumberOfMessagesDeleted}) over the
 * units that were busy then (the in-flight messages at this reading and the last, at
 * {@code inFlightPerUnit} per unit). Pure: the same previous estimate and reading give the same result.
 *
 * <p>Dividing by the busy units, not the running ones, is what lets an oversized fleet learn: its
 * idle units are not counted, so the rate is what a working unit does. Without deletions (no
 * metrics, an idle queue, a queue whose metrics SQS has not published yet) the counts alone cannot separate
 * arrivals from work; a backlog that fell while the busy units held still proves a lower bound (at least that
 * many were done), which may raise a low estimate or, within its noise of it, confirm it.
 *
 * <p>Bounded against nonsense:
 * <ul>
 * <li>a quiet period (no unit busy, nothing deleted, or a period already learnt from) teaches nothing, nor
 *     does one around a change of the fleet by more than a quarter of it (the busy units then do not say who did
 *     the work; a unit more or less in a large fleet does not blur them, and a policy that moves the fleet by a
 *     unit at nearly every reading would otherwise never learn), nor one that ended before the first reading;
 * <li>each observation moves the estimate at most {@link #MAX_RISE} up and {@link #MAX_FALL} down: a rising
 *     estimate shrinks the fleet, so a burst of messages that fail fast and are deleted at once moves it
 *     slowly, while a falling one (work got slower) is followed quickly;
 * <li>a period whose readings found no message waiting (before or after it) lowers nothing when it rests on enough
 *     messages to tell ({@link #ASYMMETRY_MESSAGES}): its units may have
 *     waited for work between the readings that counted them busy (a fleet at its load with a near-empty queue read
 *     2 to 10% below its pace, and its load floor held a unit too many);
 * <li>a sample is weighted by the messages it rests on, so two deletions in a minute weigh little, and one
 *     clearly below the estimate (slower work, beyond the count's noise) twice as much as one above it when it
 *     rests on enough messages;
 * <li>the decider uses it only from {@link #MIN_OBSERVATIONS} observations on, before that the policy's
 *     {@code backlogPerUnit} is the starting guess.
 * </ul>
 */
public final class ThroughputEstimator {

    /** Observations before the decider relies on the estimate. */
    public static final int MIN_OBSERVATIONS = 3;
    /** Most an estimate may rise in one observation (a factor). */
    public static final double MAX_RISE = 1.25;
    /** Most an estimate may fall in one observation (a factor). */
    public static final double MAX_FALL = 0.5;
    /** Messages a sample needs to count fully; fewer weigh proportionally less. */
    static final double FULL_WEIGHT_MESSAGES = 2000;
    /**
     * Messages a sample needs before one below the estimate weighs double: on a slow queue (two deletions a
     * minute) half the samples fall below the mean by chance, and doubling them would bias it low.
     */
    static final double ASYMMETRY_MESSAGES = 100;
    /** The least weight of a sample (a slow queue still learns, over many periods). */
    static final double MIN_WEIGHT = 0.05;
    /** The most weight of a sample: no single period replaces what was learnt. */
    static final double MAX_WEIGHT = 0.25;
    /** How far the busy units may move between two readings for the period between them to count. */
    public static final double STABLE_BUSY = 0.25;
    /** A change this long before a period still counts as during it (boots, the reading before). */
    static final long CHANGE_MARGIN_SECONDS = 120;
    /** Observations saturate here so that the stored count stays small. */
    static final int MAX_OBSERVATIONS = 1_000_000;

    private ThroughputEstimator() {
    }

    /**
     * The estimate after this reading: the previous one learnt from it when it teaches something, and
     * in any case carrying this reading's counts for the next update. Empty without a queue reading
     * (and no previous estimate).
     */
    public static Optional<ThroughputEstimate> update(Optional<ThroughputEstimate> previous, FleetSnapshot fleet,
            Optional<QueueSnapshot> queue, int inFlightPerUnit) {
        if (queue == null || queue.isEmpty()) {
            return previous;
        }
        QueueSnapshot q = queue.get();
        long counted = q.counted(false);
        double busy = busyUnits(q, fleet, inFlightPerUnit);
        if (previous == null || previous.isEmpty()) {
            ThroughputEstimate first = learn(ThroughputEstimate.firstReading(counted, q.readAt(), busy), fleet, q, busy,
                    counted, inFlightPerUnit).orElse(ThroughputEstimate.firstReading(counted, q.readAt(), busy));
            OptionalLong cap = provenGroupCap(fleet, q, inFlightPerUnit);
            return Optional.of(new ThroughputEstimate(first.messagesPerUnitSecond(), first.observations(),
                    first.updatedAt(), counted, q.readAt(), busy, Optional.empty(), cap.orElse(0),
                    cap.isPresent() ? Optional.of(q.readAt()) : Optional.empty()));
        }
        ThroughputEstimate prev = previous.get();
        if (!q.readAt().isAfter(prev.lastReadAt())) {
            return previous; // an older reading than the one learnt from: nothing new
        }
        Optional<ThroughputEstimate> learnt = learn(prev, fleet, q, busy, counted, inFlightPerUnit);
        ThroughputEstimate base = learnt.orElse(prev);
        OptionalLong proven = provenGroupCap(fleet, q, inFlightPerUnit);
        long cap = proven.orElse(prev.groupCap());
        Optional<Instant> capAt = proven.isPresent() ? Optional.of(q.readAt()) : prev.groupCapAt();
        if (proven.isEmpty() && cap > 0 && q.visible() > 0 && busy > cap) {
            // More units are busy than the cap allowed: there were more groups with work than it knew.
            cap = 0;
            capAt = Optional.empty();
        }
        return Optional.of(new ThroughputEstimate(base.messagesPerUnitSecond(), base.observations(), base.updatedAt(),
                counted, q.readAt(), busy, quietSince(prev, q), cap, capAt));
    }

    /**
     * What a FIFO queue's message groups let the fleet use, when this reading proves it: units stand idle while
     * messages wait, so every group with work is in flight ({@code ApproximateNumberOfGroupsWithInflightMessages})
     * and more units would only idle. No proof without CloudWatch's groups, without a visible message, or within
     * {@link #CHANGE_MARGIN_SECONDS} of a scale-out (its units may still be booting and take nothing yet).
     */
    public static OptionalLong provenGroupCap(FleetSnapshot fleet, QueueSnapshot q, int inFlightPerUnit) {
        Optional<QueueMetrics> m = q.metrics().filter(QueueMetrics::fifo).filter(x -> x.groupsInFlight().isPresent());
        if (m.isEmpty() || q.visible() == 0) {
            return OptionalLong.empty();
        }
        boolean booting = fleet.lastChange().filter(c -> c.action() == ScaleAction.SCALE_OUT
                && c.at().isAfter(q.readAt().minusSeconds(CHANGE_MARGIN_SECONDS))).isPresent();
        long perUnit = Math.max(1, inFlightPerUnit);
        boolean idle = fleet.fulfilledCapacity() - ceilDiv(q.inFlight(), perUnit) >= 1;
        if (booting || !idle) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(1, ceilDiv(m.get().groupsInFlight().getAsLong(), perUnit)));
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    /**
     * When the queue's quiet spell began: at the first reading that found it empty after one that saw messages,
     * kept while it stays empty, gone at the next message seen. Messages that came and went between two readings
     * (CloudWatch's deletions in a period) move it to that period's end. Before any message was seen there is
     * none (the keep-alive then holds nothing, as without an estimate).
     */
    static Optional<Instant> quietSince(ThroughputEstimate prev, QueueSnapshot q) {
        if (q.counted(false) > 0) {
            return Optional.empty();
        }
        Optional<Instant> quiet = prev.quietSince().isPresent() ? prev.quietSince()
                : prev.lastCounted() > 0 ? Optional.of(q.readAt()) : Optional.empty();
        Optional<Instant> worked = q.metrics().filter(m -> m.deleted().orElse(0) > 0).map(QueueMetrics::periodEnd);
        if (worked.isPresent() && (quiet.isEmpty() || worked.get().isAfter(quiet.get()))) {
            return worked;
        }
        return quiet;
    }

    /**
     * Units busy with the in-flight messages, at most the running ones; the running ones when the
     * policy does not say how many messages a unit works on at once.
     */
    static double busyUnits(QueueSnapshot q, FleetSnapshot fleet, int inFlightPerUnit) {
        double running = fleet.fulfilledCapacity();
        if (inFlightPerUnit <= 0) {
            return running;
        }
        return Math.min(running, (double) q.inFlight() / inFlightPerUnit);
    }

    /** The estimate moved by this reading's sample, or empty when the reading teaches nothing. */
    private static Optional<ThroughputEstimate> learn(ThroughputEstimate prev, FleetSnapshot fleet, QueueSnapshot q,
            double busyNow, long counted, int inFlightPerUnit) {
        // With CloudWatch's deletions the counts add nothing (a period already learnt stays learnt); without
        // them (no metrics, or none published yet: a queue that wakes up after six idle hours has none for its
        // first minutes, which is the whole of a burst from zero), a backlog that fell over at least half a
        // minute proves a lower bound.
        Optional<QueueMetrics> withDeletions = q.metrics().filter(m -> m.deleted().isPresent());
        Optional<Sample> sample = withDeletions.isPresent() ? withDeletions.filter(m -> !changedAround(fleet, m, prev))
                .flatMap(m -> deletions(prev, m, busyNow, waited(prev, q, inFlightPerUnit)))
                : decline(prev, q, busyNow, counted);
        if (sample.isEmpty()) {
            return Optional.empty();
        }
        Sample s = sample.get();
        double rate;
        if (!prev.learnt()) {
            rate = s.rate();
        } else if (s.lowerBound()) {
            double r = prev.messagesPerUnitSecond();
            if (s.rate() <= r) {
                // A lower bound below what we know cannot lower it; one within its count's noise of it (two
                // standard deviations of a Poisson count) confirms it, which is all a queue without CloudWatch's
                // deletions can say. One clearly below teaches nothing (arrivals may have hidden the work).
                return s.rate() >= r * (1 - 2 / Math.sqrt(s.messages()))
                        ? Optional.of(new ThroughputEstimate(r, Math.min(MAX_OBSERVATIONS, prev.observations() + 1),
                                s.periodEnd(), counted, q.readAt(), busyNow))
                        : Optional.empty();
            }
            rate = Math.min(s.rate(), r * MAX_RISE);
        } else if (s.unsaturated() && s.rate() < prev.messagesPerUnitSecond() && s.messages() >= ASYMMETRY_MESSAGES) {
            // The queue read empty around the period: units may have waited for messages between the readings that
            // counted them busy, so a pace below the estimate may be their waiting, not slower work. Only on enough
            // messages: dropping every sample below the estimate on two deletions a minute, whose noise is far larger
            // than the waiting, would hold it high (long-processing: 22 -> 85 s over the SLO).
            return Optional.empty();
        } else {
            double r = prev.messagesPerUnitSecond();
            double weight = Math.max(MIN_WEIGHT, Math.min(MAX_WEIGHT, s.messages() / FULL_WEIGHT_MESSAGES));
            if (s.rate() < r * (1 - 2 / Math.sqrt(s.messages())) && s.messages() >= ASYMMETRY_MESSAGES) {
                // Slower work is followed twice as fast as faster work: erring low costs a little capacity,
                // erring high costs the wait. Only beyond the count's own noise (two standard deviations of a
                // Poisson count): doubling every sample below the estimate would hold a steady pace's estimate
                // a few percent low, and the fleet as many percent too large.
                weight = Math.min(2 * MAX_WEIGHT, 2 * weight);
            }
            rate = r + weight * (s.rate() - r);
            rate = Math.max(r * MAX_FALL, Math.min(r * MAX_RISE, rate));
        }
        if (!(rate > 0) || !Double.isFinite(rate)) {
            return Optional.empty();
        }
        return Optional.of(new ThroughputEstimate(rate, Math.min(MAX_OBSERVATIONS, prev.observations() + 1),
                s.periodEnd(), counted, q.readAt(), busyNow));
    }

    /** What one period's sample says: a rate per busy unit-second, how many messages it rests on. */
    private record Sample(double rate, double messages, Instant periodEnd, boolean lowerBound, boolean unsaturated) {
    }

    /**
     * Whether a message waited (a visible one) at this reading and at the one before, so that the units counted busy
     * were busy in between too. Without it a period's deletions over the busy units only bound the pace from below:
     * a unit between two messages is counted busy at neither reading but may have waited for work in between.
     */
    private static boolean waited(ThroughputEstimate prev, QueueSnapshot q, int inFlightPerUnit) {
        if (inFlightPerUnit <= 0) {
            return true; // the busy units are the running ones: nothing to tell
        }
        return q.visible() > 0 && prev.lastCounted() - prev.lastBusyUnits() * inFlightPerUnit >= 1;
    }

    /** Deletions over the busy unit-seconds of a period not learnt from yet. */
    private static Optional<Sample> deletions(ThroughputEstimate prev, QueueMetrics m, double busyNow, boolean waited) {
        if (m.deleted().isEmpty() || prev.observations() > 0 && !m.periodEnd().isAfter(prev.updatedAt())) {
            return Optional.empty(); // a period already learnt from
        }
        if (prev.observations() == 0 && m.periodEnd().isBefore(prev.updatedAt())) {
            // Nothing learnt yet (updatedAt is the estimate's first reading): a period that ended before the first
            // reading was over before anything watched the fleet, and no reading says how many units were busy in
            // it (a fleet's first minute, its units starting while the queue fills, shows half their pace; taken
            // as the first observation, it then weighs as much as everything learnt after it).
            return Optional.empty();
        }
        double busy = busyOverPeriod(prev, busyNow, m.periodEnd(), m.periodSeconds());
        long deleted = m.deleted().getAsLong();
        if (busy < 0.5 || deleted == 0 && busyNow < 0.5) {
            // Nobody worked, or the busy units moved too much to say who did the work.
            return Optional.empty(); // nobody worked: a quiet queue says nothing about a unit's pace
        }
        return Optional.of(new Sample(deleted / (busy * m.periodSeconds()), deleted, m.periodEnd(), false, !waited));
    }

    /**
     * Whether this autoscaler changed the fleet by more than {@link #STABLE_BUSY} of it (at least one unit) during the
     * period, or since the reading whose busy units stand for it: the busy units read before and after then do not
     * say who did the period's work. That reading is the one stored with the estimate, which read-capacity stores
     * only when it learnt something or its counts are {@link CapacityReader#ESTIMATE_REFRESH} old, so around a change
     * it can be minutes older than the period: working-day's scheduled floor raised the fleet 7 -> 40 seconds before
     * such a reading (7 busy), the 40 units worked off the backlog, and three minutes later 460 deletions over "7 busy
     * units" read as 1.1 messages per unit-second (0.5 true) and took the estimate up by the most a step allows.
     */
    private static boolean changedAround(FleetSnapshot fleet, QueueMetrics m, ThroughputEstimate prev) {
        // Two periods at most: CloudWatch's period is SQS's minute on AWS, a simulated minute in the sandbox.
        long margin = Math.min(CHANGE_MARGIN_SECONDS, 2 * m.periodSeconds());
        Instant periodStart = m.periodEnd().minusSeconds(m.periodSeconds() + margin);
        Instant standsFor = prev.lastReadAt().minusSeconds(margin);
        Instant since = standsFor.isBefore(periodStart) ? standsFor : periodStart;
        return fleet.lastChange().filter(c -> c.at().isAfter(since))
                .filter(c -> Math.abs(c.to() - c.from()) > Math.max(1, STABLE_BUSY * Math.max(c.from(), c.to())))
                .isPresent();
    }

    /** Without deletions: a backlog that fell by n was worked off at least at that pace (arrivals only add). */
    private static Optional<Sample> decline(ThroughputEstimate prev, QueueSnapshot q, double busyNow, long counted) {
        long seconds = Duration.between(prev.lastReadAt(), q.readAt()).getSeconds();
        long fell = prev.lastCounted() - counted;
        double last = prev.lastBusyUnits();
        double busy = (last + busyNow) / 2;
        if (seconds < 30 || seconds > 900 || fell <= 0 || busy < 0.5
                || Math.abs(busyNow - last) > Math.max(1, STABLE_BUSY * Math.max(busyNow, last))) {
            // Units that were still booting (a scale-out: 0 busy, then 6) took their first messages part-way
            // through the period: the average of the two readings is no measure of who did the work.
            return Optional.empty();
        }
        return Optional.of(new Sample(fell / (busy * seconds), fell, q.readAt(), true, false));
    }

    /**
     * The busy units over a period, or a negative number when they cannot be told: CloudWatch's period ended
     * a minute or two before this reading, so the last reading's busy units stand for it, and only while
     * they hardly differ from this reading's (during a scale-out the deletions lag the units).
     */
    private static double busyOverPeriod(ThroughputEstimate prev, double busyNow, Instant periodEnd, long periodSeconds) {
        long sinceLast = Duration.between(prev.lastReadAt(), periodEnd).abs().getSeconds();
        if (sinceLast > 2 * periodSeconds + 120) {
            return busyNow;
        }
        double last = prev.lastBusyUnits();
        return Math.abs(busyNow - last) > Math.max(1, STABLE_BUSY * Math.max(busyNow, last)) ? -1 : last;
    }
}
