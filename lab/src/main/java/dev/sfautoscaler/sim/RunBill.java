package dev.sfautoscaler.sim;

import java.util.List;
import java.util.Locale;

/**
 * The control loop's bill of a run counted elsewhere (the sandbox's real executions), priced by
 * {@link ControlLoopBill} as the benchmark prices the simulator's runs.
 */
public final class RunBill {

    private RunBill() {
    }

    /**
     * What a run of one fleet's control loop used.
     *
     * @param seconds      the run's length
     * @param checks       the schedule's check invocations
     * @param checkStarts  of those, the ones that started an execution
     * @param executions   Standard executions (started by checks, alarms or a person)
     * @param states       states the executions entered
     * @param alarmStates  of those, in alarm-started executions
     * @param readCapacity read-capacity invocations (likewise decide, modify, notify)
     * @param alarmChecks  CheckAlarm states
     */
    public record Counts(double seconds, long checks, long checkStarts, long executions, long states,
            long alarmStates, long readCapacity, long decide, long modify, long notifyCalls, long alarmChecks) {
    }

    /** Two lines for a run's summary: the run's counts scaled to a month, before check, and at rest. */
    public static List<String> describe(Counts c, int alarms) {
        ControlLoopUsage u = new ControlLoopUsage(c.seconds(), c.executions(), c.states(), c.alarmStates(), 0,
                c.readCapacity(), c.decide(), c.modify(), c.notifyCalls(), c.alarmChecks(), c.checks(),
                c.checkStarts());
        double month = ControlLoopBill.monthlyUsd(u, alarms);
        double before = ControlLoopBill.monthlyUsd(u.beforeCheck(), alarms);
        double rest = ControlLoopBill.monthlyUsd(ControlLoopBill.atRest(60), alarms);
        long transitions = u.billedTransitions();
        return List.of(String.format(Locale.ROOT, "  Bill           this run as a 30-day month: %.2f USD for the fleet's "
                        + "control loop (%.2f before check), at list prices, %s", month, before, PriceList.REGION),
                String.format(Locale.ROOT, "                 %d checks (%d started an execution), %d executions, %d state "
                        + "transitions; at rest %.2f USD a month (docs/benchmarks: the control loop's bill)",
                        c.checks(), c.checkStarts(), c.executions(), transitions, rest));
    }
}
