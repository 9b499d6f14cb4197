package dev.sfautoscaler.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfautoscaler.aws.AutoScalingGroupGateway;
import dev.sfautoscaler.aws.CloudWatchQueueMetrics;
import dev.sfautoscaler.aws.DynamoDbStateTable;
import dev.sfautoscaler.aws.Ec2FleetApiGateway;
import dev.sfautoscaler.aws.Ec2FleetGateway;
import dev.sfautoscaler.aws.SnsNotifier;
import dev.sfautoscaler.aws.SqsQueueGauge;
import dev.sfautoscaler.aws.StepFunctionsStarter;
import dev.sfautoscaler.aws.TargetInstances;
import dev.sfautoscaler.aws.TargetRouter;
import dev.sfautoscaler.core.CapacityModifier;
import dev.sfautoscaler.core.CapacityReader;
import dev.sfautoscaler.core.ChangeNotifier;
import dev.sfautoscaler.core.DrainCoordinator;
import dev.sfautoscaler.core.FailureAlertStatus;
import dev.sfautoscaler.core.GuardBounds;
import dev.sfautoscaler.core.ScalingDecider;
import dev.sfautoscaler.core.PrefetchedFleets;
import dev.sfautoscaler.core.ScheduledCheck;
import dev.sfautoscaler.core.TargetKind;
import dev.sfautoscaler.core.port.FailureAlerts;
import dev.sfautoscaler.core.port.FleetGateway;
import dev.sfautoscaler.core.port.FleetLeases;
import dev.sfautoscaler.core.port.GuardBoundsStore;
import dev.sfautoscaler.core.port.Notifier;
import dev.sfautoscaler.core.port.QueueGauge;
import dev.sfautoscaler.metrics.EmfDecisionMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Wires the core services to the AWS adapters. Each bean is created on first use, so a function
 * builds only the clients its handler needs (decide builds none; the DynamoDB client only when
 * {@code AUTOSCALER_STATE_TABLE} is set).
 */
@ApplicationScoped
public class CoreWiring {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    PrefetchedFleets fleetGateway(Ec2Client ec2, Instance<AutoScalingClient> autoScaling, AutoscalerConfig config) {
        // Prefetched: check reads its fleets together first; every other read and write goes through.
        return new PrefetchedFleets(new TargetRouter(Map.of(
                TargetKind.SPOT_FLEET, new Ec2FleetGateway(ec2, config.markerTagKey()),
                TargetKind.EC2_FLEET, new Ec2FleetApiGateway(ec2, config.markerTagKey()),
                TargetKind.AUTO_SCALING_GROUP, new AutoScalingGroupGateway(autoScaling::get, config.markerTagKey()))));
    }

    @Produces
    @Singleton
    QueueGauge queueGauge(SqsClient sqs, CloudWatchClient cloudWatch, AutoscalerConfig config, Clock clock) {
        return new SqsQueueGauge(sqs, clock, Optional.of(new CloudWatchQueueMetrics(cloudWatch, clock,
                java.time.Duration.ofSeconds(config.queueMetricsPeriodSeconds()))));
    }

    @Produces
    @Singleton
    Notifier notifier(SnsClient sns, AutoscalerConfig config, ObjectMapper json) {
        return new SnsNotifier(sns, config.notification().topicArn(), json);
    }

    @Produces
    @Singleton
    CapacityReader capacityReader(FleetGateway fleets, QueueGauge queues, Clock clock) {
        return new CapacityReader(fleets, queues, clock);
    }

    @Produces
    @Singleton
    ScalingDecider scalingDecider(Clock clock) {
        return new ScalingDecider(clock);
    }

    /** The decisions' metrics, on the function's standard output (its log on Lambda). */
    @Produces
    @Singleton
    EmfDecisionMetrics decisionMetrics(AutoscalerConfig config, ObjectMapper json) {
        // Read System.out at each line: Lambda's runtime client puts its own stream there.
        return new EmfDecisionMetrics(config.metrics() == MetricsSwitch.ON, json, line -> System.out.println(line));
    }

    @Produces
    @Singleton
    CapacityModifier capacityModifier(FleetGateway fleets, AutoscalerConfig config, Instance<DynamoDbClient> dynamoDb,
            GuardBounds guard, Clock clock) {
        return new CapacityModifier(fleets, stateTable(config, dynamoDb).map(FleetLeases.class::cast), guard, clock);
    }

    /**
     * The deployment's guard bounds ({@code AUTOSCALER_GUARD_BOUNDS}): Terraform's {@code state-table}
     * looks each fleet's up in the state table when it is checked; a JSON object holds them itself.
     */
    @Produces
    @Singleton
    GuardBounds guardBounds(AutoscalerConfig config, Instance<DynamoDbClient> dynamoDb, ObjectMapper json) {
        return GuardBoundsVariable.read(config.guardBounds(), json,
                () -> stateTable(config, dynamoDb).map(GuardBoundsStore.class::cast));
    }

    @Produces
    @Singleton
    ChangeNotifier changeNotifier(Notifier notifier, AutoscalerConfig config, Instance<DynamoDbClient> dynamoDb,
            Clock clock) {
        return new ChangeNotifier(notifier, stateTable(config, dynamoDb).map(FailureAlerts.class::cast), clock);
    }

    @Produces
    @Singleton
    FailureAlertStatus failureAlertStatus(AutoscalerConfig config, Instance<DynamoDbClient> dynamoDb) {
        return new FailureAlertStatus(stateTable(config, dynamoDb).map(FailureAlerts.class::cast));
    }

    /**
     * The drain function's steps: the target's instances through EC2 (and Auto Scaling for a group), under the
     * target's lease in the state table (modify's), within the deployment's guard bounds.
     */
    @Produces
    @Singleton
    DrainCoordinator drainCoordinator(FleetGateway fleets, Ec2Client ec2, Instance<AutoScalingClient> autoScaling,
            CapacityReader reader, ScalingDecider decider, AutoscalerConfig config, Instance<DynamoDbClient> dynamoDb,
            GuardBounds guard, Clock clock) {
        // modify's guard bounds: with Terraform's state-table they are the state table's guard items.
        return new DrainCoordinator(fleets, new TargetInstances(ec2, autoScaling::get), reader, decider,
                stateTable(config, dynamoDb).map(FleetLeases.class::cast), guard, clock);
    }

    @Produces
    @Singleton
    ScheduledCheck scheduledCheck(SfnClient sfn, AutoscalerConfig config, ObjectMapper json) {
        return new ScheduledCheck(new StepFunctionsStarter(sfn, config.stateMachineArn(), json));
    }

    /** The state table when one is configured; its client is built only then. */
    private static Optional<DynamoDbStateTable> stateTable(AutoscalerConfig config, Instance<DynamoDbClient> dynamoDb) {
        return config.stateTable().filter(t -> !t.isBlank()).map(t -> new DynamoDbStateTable(dynamoDb.get(), t));
    }
}
