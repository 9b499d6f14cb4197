package dev.sfautoscaler.core.port;

import dev.sfautoscaler.core.QueueSnapshot;

/** Reads a queue's depth. */
public interface QueueGauge {

    QueueSnapshot read(String queueUrl);
}
