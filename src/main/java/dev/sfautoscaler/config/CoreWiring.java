package dev.sfautoscaler.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfautoscaler.aws.Ec2FleetGateway;
import dev.sfautoscaler.aws.SnsNotifier;
import dev.sfautoscaler.aws.SqsQueueGauge;
import dev.sfautoscaler.core.CapacityModifier;
import dev.sfautoscaler.core.CapacityReader;
import dev.sfautoscaler.core.ChangeNotifier;
import dev.sfautoscaler.core.ScalingDecider;
import dev.sfautoscaler.core.port.FleetGateway;
import dev.sfautoscaler.core.port.Notifier;
import dev.sfautoscaler.core.port.QueueGauge;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Wires the core services to the AWS adapters. Each bean is created on first use, so a function
 * builds only the clients its handler needs (decide builds none).
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
    FleetGateway fleetGateway(Ec2Client ec2, AutoscalerConfig config) {
        return new Ec2FleetGateway(ec2, config.markerTagKey());
    }

    @Produces
    @Singleton
    QueueGauge queueGauge(SqsClient sqs, Clock clock) {
        return new SqsQueueGauge(sqs, clock);
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

    @Produces
    @Singleton
    CapacityModifier capacityModifier(FleetGateway fleets, Clock clock) {
        return new CapacityModifier(fleets, clock);
    }

    @Produces
    @Singleton
    ChangeNotifier changeNotifier(Notifier notifier) {
        return new ChangeNotifier(notifier);
    }
}
