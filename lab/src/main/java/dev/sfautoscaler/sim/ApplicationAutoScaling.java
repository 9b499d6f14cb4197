package dev.sfautoscaler.sim;

import dev.sfautoscaler.core.AlarmState;

/** How Application Auto Scaling runs the policies of its two alarms, shared by step scaling and target tracking. */
final class ApplicationAutoScaling {

    private ApplicationAutoScaling() {
    }

    /**
     * Alarms are evaluated on the minute; a policy runs shortly after each evaluation that finds its
     * alarm in ALARM (the transition itself, then once a minute while it lasts). The scale-out alarm
     * wins when both are.
     */
    static void runWhileInAlarm(Sim sim, CloudWatch.Alarm scaleOut, Runnable scaleOutPolicy, CloudWatch.Alarm scaleIn,
            Runnable scaleInPolicy) {
        long delay = sim.millis(sim.scenario().aws().eventDelaySeconds());
        sim.loop().every(60_000 + delay, 60_000, () -> {
            if (scaleOut.state == AlarmState.ALARM) {
                scaleOutPolicy.run();
            } else if (scaleIn.state == AlarmState.ALARM) {
                scaleInPolicy.run();
            }
        });
    }
}
