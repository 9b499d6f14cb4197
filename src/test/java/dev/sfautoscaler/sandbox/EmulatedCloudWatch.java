package dev.sfautoscaler.sandbox;

import dev.sfautoscaler.core.AlarmState;
import dev.sfautoscaler.testing.MotoServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The alarms in the emulator's CloudWatch: created as the queue-alarms Terraform module creates
 * them, and their state set on each transition the sandbox evaluates, so that the workflow's
 * {@code CheckAlarm} task ({@code aws-sdk:cloudwatch:describeAlarms}) sees what CloudWatch would
 * show. CloudWatch's query protocol: the AWS SDK for Java speaks its RPC v2 CBOR protocol, which
 * moto does not serve.
 */
final class EmulatedCloudWatch {

    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

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
        StringBuilder form = new StringBuilder("Action=" + action + "&Version=2010-08-01");
        parameters.forEach((k, v) -> form.append('&').append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                // moto routes by the credential scope's service; it does not check the signature.
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + MotoServer.ACCESS_KEY + "/20260101/"
                        + MotoServer.REGION + "/monitoring/aws4_request, SignedHeaders=host, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("CloudWatch " + action + " answered " + response.statusCode() + ": "
                        + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("CloudWatch " + action + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
