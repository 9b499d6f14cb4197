package dev.sfautoscaler.sandbox;

import dev.sfautoscaler.sandbox.SandboxRun.ExecutionRecord;
import dev.sfautoscaler.sim.RunBill;
import java.util.List;

/** The control loop's bill for the run: its checks and executions, counted, priced by the benchmark's bill. */
final class SandboxBill {

    private SandboxBill() {
    }

    static List<String> lines(SandboxRun run, Triggers triggers, int alarms) {
        long states = 0;
        long alarmStates = 0;
        long read = 0;
        long decide = 0;
        long modify = 0;
        long notify = 0;
        long alarmChecks = 0;
        for (ExecutionRecord e : run.executions()) {
            states += e.states().size();
            if (e.trigger().startsWith("alarm")) {
                alarmStates += e.states().size();
            }
            for (String s : e.states()) {
                switch (s) {
                    case "ReadCapacity", "ReadFleetNow" -> read++;
                    case "Decide" -> decide++;
                    case "ModifyCapacity" -> modify++;
                    case "CheckAlarm" -> alarmChecks++;
                    default -> notify += s.startsWith("Notify") ? 1 : 0;
                }
            }
        }
        RunBill.Counts counts = new RunBill.Counts(run.durationSeconds(), triggers.checks(), triggers.checkStarts(),
                run.executions().size(), states, alarmStates, read, decide, modify, notify, alarmChecks);
        return RunBill.describe(counts, alarms);
    }
}
