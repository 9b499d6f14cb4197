package dev.sfautoscaler.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.net.URI;
import java.util.Optional;

/**
 * Function-wide settings, from environment variables set by Terraform ({@code AUTOSCALER_*}).
 * Per-fleet settings travel in the execution input instead.
 */
@ConfigMapping(prefix = "autoscaler")
public interface AutoscalerConfig {

    /** Where {@code notify} publishes ({@code notify()} itself is taken by {@link Object}). */
    @WithName("notify")
    Notify notification();

    /**
     * Tag key of the last-change marker on the spot fleet request
     * ({@code AUTOSCALER_MARKER_TAG_KEY}).
     */
    @WithDefault("sfautoscaler:last-change")
    String markerTagKey();

    /** The hand-wired EC2 client (no Quarkiverse extension exists for EC2). */
    Ec2 ec2();

    /**
     * The hand-wired Auto Scaling client, for auto-scaling-group targets. Without its own endpoint
     * override it takes EC2's: an emulator serves both on one endpoint.
     */
    Ec2 autoscaling();

    /**
     * The state table in DynamoDB ({@code AUTOSCALER_STATE_TABLE}): the fleets' leases (modify) and
     * failure alerts (read-capacity, notify). Unset: neither, and modify's output warns.
     */
    Optional<String> stateTable();

    /**
     * The deployment's guard bounds per fleet ({@code AUTOSCALER_GUARD_BOUNDS}, modify): {@code state-table}
     * (Terraform's: the state table's {@code guard#<target id>} items), or a JSON object
     * {@code {"sfr-...": {"min": 1, "max": 20}}}. Unset: no guard, and modify's output warns.
     */
    Optional<String> guardBounds();

    /**
     * Each decision's metrics in the Embedded Metric Format on decide's log ({@code AUTOSCALER_METRICS},
     * {@code on} or {@code off}); see {@code dev.sfautoscaler.metrics.EmfDecisionMetrics}.
     */
    @WithDefault("on")
    MetricsSwitch metrics();

    /** The hand-wired DynamoDB client of the state table. */
    DynamoDb dynamodb();

    /**
     * The Standard state machine that {@code check} starts when the schedule finds something to do
     * ({@code AUTOSCALER_STATE_MACHINE_ARN}). Only check needs it.
     */
    Optional<String> stateMachineArn();

    /**
     * The hand-wired Step Functions client of {@code check}. Without its own endpoint override it
     * takes EC2's: an emulator serves both on one endpoint.
     */
    Ec2 stepfunctions();

    /**
     * The hand-wired CloudWatch client with which read-capacity reads the queue's metrics. Without its
     * own endpoint override it takes EC2's: an emulator serves both on one endpoint.
     */
    Ec2 cloudwatch();

    /**
     * The period of SQS's queue metrics in CloudWatch, in seconds ({@code AUTOSCALER_QUEUE_METRICS_PERIOD_SECONDS}):
     * SQS publishes one-minute datapoints, so 60 on AWS. Only the sandbox sets another: its simulated minute
     * lasts {@code 60 / SPEED} real seconds, and it publishes the queue's metrics per simulated minute.
     */
    @WithDefault("60")
    int queueMetricsPeriodSeconds();

    interface Notify {
        /**
         * SNS topic ARN ({@code AUTOSCALER_NOTIFY_TOPIC_ARN}). Only the notify function needs it,
         * so the other functions start without it.
         */
        Optional<String> topicArn();
    }

    interface DynamoDb {
        /** Region; when absent the SDK's default chain decides ({@code AWS_REGION}, set by Lambda). */
        Optional<String> region();

        /** Endpoint override, for an emulator in tests ({@code AUTOSCALER_DYNAMODB_ENDPOINT_OVERRIDE}). */
        Optional<URI> endpointOverride();
    }

    interface Ec2 {
        /** Region; when absent the SDK's default chain decides ({@code AWS_REGION}, set by Lambda). */
        Optional<String> region();

        /** Endpoint override, for an emulator in tests ({@code AUTOSCALER_EC2_ENDPOINT_OVERRIDE}). */
        Optional<URI> endpointOverride();
    }
}
