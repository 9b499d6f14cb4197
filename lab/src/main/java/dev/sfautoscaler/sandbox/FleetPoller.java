package dev.sfautoscaler.sandbox;

import dev.sfautoscaler.sandbox.SandboxRun.Point;
import dev.sfautoscaler.testkit.AwsFixtures;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Reads the target (of any kind: {@link SandboxTarget}) and the queue in the emulator: the workers
 * follow the target's instances, the minute lines show its capacities, and each reading is a point
 * of the chart.
 */
final class FleetPoller {

    /** The target as last read: its target capacity, fulfilled units, each running instance's units. */
    record Fleet(int target, double fulfilled, Map<String, Integer> instances) {
    }

    /** The queue's depth: ApproximateNumberOfMessages and ApproximateNumberOfMessagesNotVisible. */
    record QueueDepth(long visible, long inFlight) {
        long backlog() {
            return visible + inFlight;
        }
    }

    private final AwsFixtures aws;
    private final SandboxTarget target;
    private final String queueUrl;
    private final Workers workers;
    private final long durationSeconds;
    private final List<Point> points = new CopyOnWriteArrayList<>();
    private volatile Fleet fleet = new Fleet(0, 0, Map.of());

    FleetPoller(AwsFixtures aws, Deployment deployment, Workers workers, long durationSeconds) {
        this.aws = aws;
        this.target = deployment.target;
        this.queueUrl = deployment.queueUrl;
        this.workers = workers;
        this.durationSeconds = durationSeconds;
    }

    /** Reads the target (the workers follow its instances) and the queue at simulated second {@code at}: a point. */
    void poll(double at) {
        SandboxTarget.Reading reading = target.read();
        Fleet f = new Fleet(reading.target(), reading.fulfilled(), Map.copyOf(reading.instances()));
        fleet = f;
        workers.follow(f.instances());
        long backlog = queue().backlog();
        points.add(new Point(Math.min(at, durationSeconds), backlog, f.target(), workers.running()));
    }

    /** Reads the target only so that the workers follow its instances (after the workload: no point). */
    void followTarget() {
        SandboxTarget.Reading reading = target.read();
        fleet = new Fleet(reading.target(), reading.fulfilled(), Map.copyOf(reading.instances()));
        workers.follow(fleet.instances());
    }

    /** The queue now. */
    QueueDepth queue() {
        Map<QueueAttributeName, String> attributes = aws.sqs().getQueueAttributes(r -> r.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return new QueueDepth(Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)),
                Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)));
    }

    /** The target as last read. */
    Fleet fleet() {
        return fleet;
    }

    /** What the minute lines' target and fulfilled columns are, for the target's kind. */
    String columns() {
        return target.columns();
    }

    List<Point> points() {
        return List.copyOf(points);
    }
}
