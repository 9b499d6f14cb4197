package dev.sfautoscaler.sandbox;

import dev.sfautoscaler.sandbox.SandboxRun.Point;
import dev.sfautoscaler.testkit.AwsFixtures;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.ec2.model.ActiveInstance;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Reads the fleet and the queue in the emulator: the workers follow the fleet's instances, the
 * minute lines show its capacities, and each reading is a point of the chart.
 */
final class FleetPoller {

    /** The fleet as last read. */
    record Fleet(int target, double fulfilled, Set<String> instances) {
    }

    /** The queue's depth: ApproximateNumberOfMessages and ApproximateNumberOfMessagesNotVisible. */
    record QueueDepth(long visible, long inFlight) {
        long backlog() {
            return visible + inFlight;
        }
    }

    private final AwsFixtures aws;
    private final String fleetId;
    private final String queueUrl;
    private final Workers workers;
    private final long durationSeconds;
    private final List<Point> points = new CopyOnWriteArrayList<>();
    private volatile Fleet fleet = new Fleet(0, 0, Set.of());

    FleetPoller(AwsFixtures aws, Deployment deployment, Workers workers, long durationSeconds) {
        this.aws = aws;
        this.fleetId = deployment.fleetId;
        this.queueUrl = deployment.queueUrl;
        this.workers = workers;
        this.durationSeconds = durationSeconds;
    }

    /** Reads the fleet (the workers follow its instances) and the queue at simulated second {@code at}: a point. */
    void poll(double at) {
        var config = aws.fleet(fleetId).spotFleetRequestConfig();
        Fleet f = new Fleet(config.targetCapacity(), config.fulfilledCapacity() == null ? 0
                : config.fulfilledCapacity(), Set.copyOf(aws.ec2().describeSpotFleetInstances(r -> r
                        .spotFleetRequestId(fleetId)).activeInstances().stream().map(ActiveInstance::instanceId).toList()));
        fleet = f;
        workers.follow(f.instances());
        long backlog = queue().backlog();
        points.add(new Point(Math.min(at, durationSeconds), backlog, f.target(), workers.running()));
    }

    /** The queue now. */
    QueueDepth queue() {
        Map<QueueAttributeName, String> attributes = aws.sqs().getQueueAttributes(r -> r.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return new QueueDepth(Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)),
                Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)));
    }

    /** The fleet as last read. */
    Fleet fleet() {
        return fleet;
    }

    List<Point> points() {
        return List.copyOf(points);
    }
}
