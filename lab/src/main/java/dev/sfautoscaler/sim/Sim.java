package dev.sfautoscaler.sim;

/**
 * What an autoscaler under test can see and touch in one run: the clock, the plant, CloudWatch,
 * the scenario and the counters. Autoscalers schedule their own work on {@link #loop}.
 */
record Sim(EventLoop loop, SimClock clock, Plant plant, CloudWatch cloudWatch, Scenario scenario, RunStats stats) {

    long millis(double seconds) {
        return Math.round(seconds * 1000);
    }
}
