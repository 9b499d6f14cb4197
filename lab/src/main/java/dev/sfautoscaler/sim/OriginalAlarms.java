package dev.sfautoscaler.sim;

import dev.sfautoscaler.wire.WireObject;
import java.util.List;
import java.util.Map;

/**
 * The 2016 design's two alarms on the average of visible messages (scale out at or above one
 * threshold, scale in at or below another, 1 of 1 periods). Application Auto Scaling's step
 * scaling is benchmarked on the same alarms.
 */
record OriginalAlarms(double scaleOutThreshold, double scaleInThreshold, int periodSeconds) {

    static OriginalAlarms fromJson(WireObject o) {
        return new OriginalAlarms(o.optionalNumber("scaleOutThreshold").orElse(100.0), o.optionalNumber("scaleInThreshold").orElse(20.0),
                (int) (long) o.optionalPositiveCount("periodSeconds").orElse(300L));
    }

    CloudWatch.AlarmSpec scaleOut(String name) {
        return new CloudWatch.AlarmSpec(name, List.of(CloudWatch.VISIBLE), CloudWatch.Statistic.Average,
                periodSeconds, 1, 1, CloudWatch.Comparison.GreaterThanOrEqualToThreshold, scaleOutThreshold);
    }

    CloudWatch.AlarmSpec scaleIn(String name) {
        return new CloudWatch.AlarmSpec(name, List.of(CloudWatch.VISIBLE), CloudWatch.Statistic.Average,
                periodSeconds, 1, 1, CloudWatch.Comparison.LessThanOrEqualToThreshold, scaleInThreshold);
    }

    void addSettings(Map<String, Object> settings) {
        settings.put("scaleOutAlarm", scaleOut("scale_out").describe());
        settings.put("scaleInAlarm", scaleIn("scale_in").describe());
    }
}
