package dev.sfautoscaler.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfautoscaler.core.AlarmState;
import dev.sfautoscaler.sandbox.QueueAlarm.Comparison;
import dev.sfautoscaler.sandbox.QueueAlarm.Datapoint;
import dev.sfautoscaler.sandbox.QueueAlarm.Spec;
import dev.sfautoscaler.sandbox.QueueAlarm.Statistic;
import dev.sfautoscaler.sandbox.QueueAlarm.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The alarms evaluate as CloudWatch does: M of N datapoints, and a report only when the state changes. */
class QueueAlarmTest {

    private static final Instant T0 = Instant.parse("2026-11-28T09:00:00Z");

    private static Spec high(int periods) {
        return new Spec("jobs-backlog-high", "high", Statistic.Maximum, 60, periods, periods,
                Comparison.GreaterThanOrEqualToThreshold, 10);
    }

    private static List<Optional<Transition>> feed(QueueAlarm alarm, double... values) {
        List<Optional<Transition>> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            out.add(alarm.evaluate(new Datapoint(values[i], T0.plusSeconds(60L * i)), T0.toString()));
        }
        return out;
    }

    @Test
    void aNewAlarmHasInsufficientDataAndGoesToOkOnItsFirstDatapointBelowTheThreshold() {
        QueueAlarm alarm = new QueueAlarm(high(2), T0);
        assertEquals(AlarmState.INSUFFICIENT_DATA, alarm.state());
        Transition t = feed(alarm, 3).get(0).orElseThrow();
        assertEquals(AlarmState.INSUFFICIENT_DATA, t.from());
        assertEquals(AlarmState.OK, t.to());
        assertEquals("Unchecked: Initial alarm creation", t.previousReason());
    }

    @Test
    void twoOfTwoNeedsTwoBreachingDatapointsInARowAndReportsTheChangeOnce() {
        QueueAlarm alarm = new QueueAlarm(high(2), T0);
        List<Optional<Transition>> ts = feed(alarm, 3, 12, 4, 12, 15, 30, 40);
        assertEquals(AlarmState.OK, ts.get(0).orElseThrow().to());
        assertTrue(ts.get(1).isEmpty(), "one breaching datapoint of two is not enough");
        assertTrue(ts.get(2).isEmpty());
        assertTrue(ts.get(3).isEmpty());
        Transition alarmed = ts.get(4).orElseThrow();
        assertEquals(AlarmState.ALARM, alarmed.to());
        assertEquals(List.of(15.0, 12.0), alarmed.datapoints().stream().map(Datapoint::value).toList());
        assertTrue(ts.get(5).isEmpty() && ts.get(6).isEmpty(), "an alarm that stays in ALARM sends nothing");
        assertTrue(alarmed.reason().startsWith("Threshold Crossed: 2 out of the last 2 datapoints [15.0 ("),
                alarmed.reason());
        assertTrue(alarmed.reason().endsWith("was greater than or equal to the threshold (10.0) (minimum 2 datapoints "
                + "for OK -> ALARM transition)."), alarmed.reason());
        assertTrue(alarmed.reasonData().contains("\"recentDatapoints\":[15.0,12.0]"), alarmed.reasonData());
    }

    @Test
    void fifteenOfFifteenStaysWithoutStateUntilItHasFifteenQuietPeriods() {
        QueueAlarm low = new QueueAlarm(new Spec("jobs-backlog-low", "low", Statistic.Maximum, 60, 15, 15,
                Comparison.LessThanOrEqualToThreshold, 0), T0);
        double[] zeros = new double[15];
        List<Optional<Transition>> ts = feed(low, zeros);
        for (int i = 0; i < 14; i++) {
            assertTrue(ts.get(i).isEmpty(), "period " + (i + 1));
        }
        assertEquals(AlarmState.ALARM, ts.get(14).orElseThrow().to());
        assertEquals(AlarmState.OK, feed(low, 1).get(0).orElseThrow().to());
    }

    @Test
    void theStatisticIsTakenOverThePeriodsSamples() {
        assertEquals(9, QueueAlarm.aggregate(Statistic.Maximum, List.of(3.0, 9.0, 1.0)));
        assertEquals(1, QueueAlarm.aggregate(Statistic.Minimum, List.of(3.0, 9.0, 1.0)));
        assertEquals(13, QueueAlarm.aggregate(Statistic.Sum, List.of(3.0, 9.0, 1.0)));
        assertEquals(3, QueueAlarm.aggregate(Statistic.SampleCount, List.of(3.0, 9.0, 1.0)));
    }
}
