package dev.sfautoscaler.sim;

/** Runs one autoscaler on one scenario. */
final class Simulation {

    private Simulation() {
    }

    static RunResult run(Scenario scenario, Autoscaler autoscaler) {
        EventLoop loop = new EventLoop();
        SimClock clock = new SimClock(loop, scenario.startsAt());
        RunStats stats = new RunStats();
        Plant plant = new Plant(loop, scenario, stats);
        CloudWatch cloudWatch = new CloudWatch(loop, scenario.aws());
        Sim sim = new Sim(loop, clock, plant, cloudWatch, scenario, stats);

        int initial = Math.max(autoscaler.minCapacity(),
                Math.min(autoscaler.maxCapacity(), scenario.plant().initialCapacity()));
        plant.start(initial);

        long end = scenario.durationSeconds() * 1000;
        long sloMillis = scenario.sloWaitSeconds() * 1000;
        Arrivals arrivals = scenario.arrivals();
        // Each second: the second's messages are sent, then the SLO is checked.
        loop.every(0, 1000, () -> {
            long second = loop.now() / 1000;
            plant.send(arrivals.at(second));
            long oldest = plant.oldestWaitingArrival();
            if (oldest != Long.MAX_VALUE && loop.now() - oldest > sloMillis) {
                stats.secondsOverSlo++;
            }
        });
        publishSqsMetrics(sim);
        loop.every(0, 60_000, () -> stats.series.add(new RunStats.Sample(loop.now() / 1000, plant.visibleCount(),
                plant.notVisibleCount(), plant.targetCapacity(), plant.billedCapacity(), plant.runningCapacity())));
        autoscaler.start(sim);
        loop.runUntil(end);
        plant.close(sloMillis);
        return RunResult.of(scenario, autoscaler, stats);
    }

    /**
     * SQS's one-minute metrics: sampled mid-minute, stamped with the minute, visible to alarms
     * {@code sqsMetricLagSeconds} after the minute ends. A queue that is empty and has had no
     * sends or receives for {@code queueInactiveAfterSeconds} stops publishing; once active again
     * its metrics return only after {@code metricsWakeUpSeconds}.
     */
    private static void publishSqsMetrics(Sim sim) {
        EventLoop loop = sim.loop();
        Plant plant = sim.plant();
        Scenario.Aws aws = sim.scenario().aws();
        long inactiveAfter = sim.millis(aws.queueInactiveAfterSeconds());
        long[] wakeAt = {0};
        boolean[] inactive = {false};
        long[] lastSent = {0};
        long[] lastDeleted = {0};
        loop.every(30_000, 60_000, () -> {
            long now = loop.now();
            boolean active = plant.runningCapacity() > 0 || plant.backlog() > 0
                    || now - plant.lastSendOrReceive() < inactiveAfter;
            if (!active) {
                inactive[0] = true;
            } else if (inactive[0]) {
                inactive[0] = false;
                wakeAt[0] = now + sim.millis(aws.metricsWakeUpSeconds());
            }
            long sent = plant.sent();
            long deleted = plant.deleted();
            if (active && now >= wakeAt[0]) {
                long minute = now - 30_000;
                long available = minute + 60_000 + sim.millis(aws.sqsMetricLagSeconds());
                CloudWatch cw = sim.cloudWatch();
                cw.put(CloudWatch.VISIBLE, minute, plant.visibleCount(), available);
                cw.put(CloudWatch.NOT_VISIBLE, minute, plant.notVisibleCount(), available);
                cw.put(CloudWatch.AGE_OF_OLDEST, minute, plant.ageOfOldestSeconds(), available);
                cw.put(CloudWatch.SENT, minute, sent - lastSent[0], available);
                cw.put(CloudWatch.DELETED, minute, deleted - lastDeleted[0], available);
                if (plant.fifo()) {
                    cw.put(CloudWatch.GROUPS_IN_FLIGHT, minute, plant.groupsInFlight(), available);
                }
            }
            lastSent[0] = sent;
            lastDeleted[0] = deleted;
        });
    }
}
