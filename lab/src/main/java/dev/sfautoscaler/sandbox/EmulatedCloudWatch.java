package dev.sfautoscaler.sandbox;

import dev.sfautoscaler.core.AlarmState;
import dev.sfautoscaler.testkit.CloudWatchQuery;
import dev.sfautoscaler.testkit.MotoServer;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The alarms in the emulator's CloudWatch: created as the queue-alarms Terraform module creates
 * them, and their state set on each transition the sandbox evaluates, so that the workflow's
 * {@code CheckAlarm} task ({@code aws-sdk:cloudwatch:describeAlarms}) sees what CloudWatch would
 * show, through {@link CloudWatchQuery}.
 */
final class EmulatedCloudWatch {

    private final URI endpoint;

    EmulatedCloudWatch(URI endpoint) {
        this.endpoint = endpoint;
    }

    static String alarmArn(String name) {
        return "arn:aws:cloudwatch:" + MotoServer.REGION + ":" + MotoServer.ACCOUNT + ":alarm:" + name;
    }

    /** PutMetricAlarm, with no actions: EventBridge sees every state change on its own. */
    void putMetricAlarm(QueueAlarm.Spec spec, String queueName) {
        Map<String, String> alarm = new LinkedHashMap<>();
        alarm.put("AlarmName", spec.name());
        alarm.put("AlarmDescription", spec.description());
        alarm.put("Namespace", QueueAlarm.NAMESPACE);
        alarm.put("MetricName", QueueAlarm.METRIC);
        alarm.put("Dimensions.member.1.Name", "QueueName");
        alarm.put("Dimensions.member.1.Value", queueName);
        alarm.put("Statistic", spec.statistic().name());
        alarm.put("Period", Integer.toString(spec.periodSeconds()));
        alarm.put("EvaluationPeriods", Integer.toString(spec.evaluationPeriods()));
        alarm.put("DatapointsToAlarm", Integer.toString(spec.datapointsToAlarm()));
        alarm.put("Threshold", QueueAlarm.number(spec.threshold()));
        alarm.put("ComparisonOperator", spec.comparison().name());
        alarm.put("TreatMissingData", "missing");
        alarm.put("ActionsEnabled", "false");
        call("PutMetricAlarm", alarm);
    }

    void setAlarmState(String name, AlarmState state, String reason, String reasonData) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("AlarmName", name);
        parameters.put("StateValue", state.name());
        parameters.put("StateReason", reason.length() > 1023 ? reason.substring(0, 1023) : reason);
        if (reasonData != null) {
            parameters.put("StateReasonData", reasonData);
        }
        call("SetAlarmState", parameters);
    }

    private void call(String action, Map<String, String> parameters) {
        CloudWatchQuery.call(endpoint, action, parameters);
    }
}
