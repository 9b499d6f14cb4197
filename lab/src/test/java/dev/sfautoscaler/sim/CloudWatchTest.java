package dev.sfautoscaler.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfautoscaler.core.AlarmState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloudWatchTest {

    private static final Scenario.Aws AWS = new Scenario.Aws(60, 10, 21600, 900, 2, 2, 1);

    private final EventLoop loop = new EventLoop();
    private final CloudWatch cw = new CloudWatch(loop, AWS);
    private final List<String> transitions = new ArrayList<>();

    private CloudWatch.Alarm alarm(CloudWatch.Statistic stat, int period, int n, int m, double threshold) {
        CloudWatch.Alarm a = cw.alarm(new CloudWatch.AlarmSpec("a", List.of(CloudWatch.VISIBLE), stat, period, n, m,
                CloudWatch.Comparison.GreaterThanOrEqualToThreshold, threshold));
        a.onChange((alarm, from, to) -> transitions.add(loop.now() / 1000 + "s " + from + "->" + to));
        return a;
    }

    /** One datapoint a minute (stamped at the minute, visible 60 s after it ends) with the given values. */
    private void publish(double... perMinute) {
        for (int i = 0; i < perMinute.length; i++) {
            cw.put(CloudWatch.VISIBLE, i * 60_000L, perMinute[i], (i + 1) * 60_000L + 60_000L);
        }
    }

    @Test
    void aFiveMinuteAverageAlarmFiresOnceAndOnlyOnTheTransition() {
        CloudWatch.Alarm a = alarm(CloudWatch.Statistic.Average, 300, 1, 1, 100);
        publish(0, 0, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500);
        loop.runUntil(15 * 60_000);
        assertEquals(AlarmState.ALARM, a.state);
        // INSUFFICIENT_DATA -> OK when the first datapoint is visible (minute 2), then OK -> ALARM once.
        assertEquals(List.of("120s INSUFFICIENT_DATA->OK", "240s OK->ALARM"), transitions);
    }

    @Test
    void theAverageUsesOnlyDatapointsAlreadyVisible() {
        CloudWatch.Alarm a = alarm(CloudWatch.Statistic.Average, 300, 1, 1, 100);
        publish(90, 90, 90, 90, 400);
        // At minute 5 the 400 (minute 4) is not visible yet: average 90, OK.
        loop.runUntil(5 * 60_000);
        assertEquals(AlarmState.OK, a.state);
        assertEquals(90, a.lastValue, 1e-9);
        // At minute 6 it is: the window [1, 6) averages (90 x 3 + 400) / 4.
        loop.runUntil(6 * 60_000);
        assertEquals(AlarmState.ALARM, a.state);
        assertEquals((90 * 3 + 400) / 4.0, a.lastValue, 1e-9);
    }

    @Test
    void mOfNNeedsMBreachingDatapoints() {
        CloudWatch.Alarm a = alarm(CloudWatch.Statistic.Maximum, 60, 3, 2, 10);
        publish(0, 50, 0, 0, 50, 50, 0);
        loop.runUntil(4 * 60_000);
        assertEquals(AlarmState.OK, a.state, "one breaching of three");
        loop.runUntil(7 * 60_000);
        assertEquals(AlarmState.ALARM, a.state, "two breaching of the last three");
    }

    @Test
    void noDatapointMeansInsufficientDataNeverOk() {
        CloudWatch.Alarm a = alarm(CloudWatch.Statistic.Maximum, 60, 1, 1, 10);
        publish(0, 0, 0);
        loop.runUntil(5 * 60_000);
        assertEquals(AlarmState.OK, a.state);
        // No datapoints after minute 2: once they fall out of the evaluation range the alarm has no data.
        loop.runUntil(12 * 60_000);
        assertEquals(AlarmState.INSUFFICIENT_DATA, a.state);
        assertTrue(transitions.get(transitions.size() - 1).endsWith("OK->INSUFFICIENT_DATA"), transitions.toString());
    }

    @Test
    void metricMathSumsTheMetrics() {
        CloudWatch.Alarm a = cw.alarm(new CloudWatch.AlarmSpec("sum",
                List.of(CloudWatch.VISIBLE, CloudWatch.NOT_VISIBLE), CloudWatch.Statistic.Maximum, 60, 1, 1,
                CloudWatch.Comparison.GreaterThanOrEqualToThreshold, 100));
        cw.put(CloudWatch.VISIBLE, 0, 60, 60_000);
        cw.put(CloudWatch.NOT_VISIBLE, 0, 50, 60_000);
        loop.runUntil(60_000);
        assertEquals(AlarmState.ALARM, a.state);
        assertEquals(110, a.lastValue, 1e-9);
    }

    private CloudWatch.Alarm emptyQueueAlarm(CloudWatch.TreatMissingData missing) {
        CloudWatch.Alarm a = cw.alarm(new CloudWatch.AlarmSpec("low-" + missing, List.of(CloudWatch.VISIBLE),
                CloudWatch.Statistic.Maximum, 60, 3, 3, CloudWatch.Comparison.LessThanOrEqualToThreshold, 0, missing));
        a.onChange((alarm, from, to) -> transitions.add(alarm.name() + " " + loop.now() / 1000 + "s " + from + "->" + to));
        return a;
    }

    @Test
    void notBreachingCountsAGapAsNotEmptySoOnlyThreeRealZerosEnterAlarm() {
        CloudWatch.Alarm notBreaching = emptyQueueAlarm(CloudWatch.TreatMissingData.NOT_BREACHING);
        CloudWatch.Alarm missing = emptyQueueAlarm(CloudWatch.TreatMissingData.MISSING);
        // No data yet: "missing" knows nothing, "notBreaching" counts every gap as within the threshold.
        loop.runUntil(60_000);
        assertEquals(AlarmState.INSUFFICIENT_DATA, missing.state);
        assertEquals(AlarmState.OK, notBreaching.state);
        // Two zeros are visible at minute 3: not yet 3 of 3 for either.
        publish(0, 0, 0);
        loop.runUntil(3 * 60_000);
        assertEquals(AlarmState.OK, notBreaching.state);
        // The third zero (visible at minute 4) makes 3 of 3 real datapoints.
        loop.runUntil(4 * 60_000);
        assertEquals(AlarmState.ALARM, notBreaching.state);
        assertEquals(AlarmState.ALARM, missing.state);
        // The metric stops. The three zeros stay in the evaluation range (3 + 2 periods) until minute
        // 6: then "notBreaching" fills the gap as within the threshold and goes to OK; "missing"
        // still evaluates the zeros it finds, and goes to INSUFFICIENT_DATA once none is left.
        loop.runUntil(5 * 60_000);
        assertEquals(AlarmState.ALARM, notBreaching.state);
        loop.runUntil(6 * 60_000);
        assertEquals(AlarmState.OK, notBreaching.state);
        assertEquals(AlarmState.ALARM, missing.state);
        loop.runUntil(12 * 60_000);
        assertEquals(AlarmState.INSUFFICIENT_DATA, missing.state);
        assertEquals(AlarmState.OK, notBreaching.state);
    }

    @Test
    void breachingCountsAGapAsPastTheThresholdAndIgnoreKeepsTheState() {
        CloudWatch.Alarm breaching = emptyQueueAlarm(CloudWatch.TreatMissingData.BREACHING);
        CloudWatch.Alarm ignore = emptyQueueAlarm(CloudWatch.TreatMissingData.IGNORE);
        publish(5, 5, 5);
        loop.runUntil(4 * 60_000);
        assertEquals(AlarmState.OK, breaching.state);
        assertEquals(AlarmState.OK, ignore.state);
        loop.runUntil(12 * 60_000);
        assertEquals(AlarmState.ALARM, breaching.state, "no data read as an empty queue");
        assertEquals(AlarmState.OK, ignore.state, "no data: the state stays");
    }

    @Test
    void theDescriptionNamesAMissingDataTreatmentOtherThanTheDefault() {
        assertEquals("Maximum(visible) over 60 s <= 0, 3 of 3, missing data notBreaching",
                emptyQueueAlarm(CloudWatch.TreatMissingData.NOT_BREACHING).spec.describe());
        assertEquals("Maximum(visible) over 60 s <= 0, 3 of 3",
                emptyQueueAlarm(CloudWatch.TreatMissingData.MISSING).spec.describe());
    }
}
