package dev.sfautoscaler.core.port;

import dev.sfautoscaler.core.QueueSnapshot;

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
}
