package dev.sfautoscaler.core.port;

import dev.sfautoscaler.core.QueueMetrics;
import dev.sfautoscaler.core.QueueSnapshot;
import java.util.Optional;

/** Reads a queue's depth. */
public interface QueueGauge {

    QueueSnapshot read(String queueUrl);

    /**
     * The depth with CloudWatch's view of the queue's last period ({@link QueueSnapshot#metrics()}), for a
     * policy that learns its throughput. The default reads the depth only: a gauge without metrics.
     */
    default QueueSnapshot readWithMetrics(String queueUrl) {
        return read(queueUrl);
    }

    /**
     * {@link #readWithMetrics(String)}, and with {@code evenIfEmpty} CloudWatch's view also when the counts show
     * no message: the deletions then tell whether messages came and went between two readings, which the
     * keep-alive of a fleet that may go to zero counts as messages seen.
     */
    default QueueSnapshot readWithMetrics(String queueUrl, boolean evenIfEmpty) {
        return readWithMetrics(queueUrl);
    }

    /**
     * CloudWatch's view of the queue alone (with its window of the last published minutes), for a reading that
     * already has the counts: the static policy's load floor, asked only when the counts would scale in. Empty for
     * a gauge without metrics, or when CloudWatch could not answer with a fault that passes by itself.
     */
    default Optional<QueueMetrics> metrics(String queueUrl) {
        return Optional.empty();
    }
}
