package dev.sfautoscaler.core.fakes;

import dev.sfautoscaler.core.QueueSnapshot;
import dev.sfautoscaler.core.error.QueueNotFound;
import dev.sfautoscaler.core.port.QueueGauge;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Queues kept in memory: a depth per URL, or an error to throw for it. Records the URLs read. */
public final class InMemoryQueueGauge implements QueueGauge {

    private final Map<String, QueueSnapshot> depths = new HashMap<>();
    private final Map<String, RuntimeException> errors = new HashMap<>();
    private final List<String> reads = new ArrayList<>();

    public InMemoryQueueGauge put(QueueSnapshot snapshot) {
        depths.put(snapshot.queueUrl(), snapshot);
        errors.remove(snapshot.queueUrl());
        return this;
    }

    /** Every read of this queue throws {@code error} until {@link #put} replaces it. */
    public InMemoryQueueGauge failWith(String queueUrl, RuntimeException error) {
        errors.put(queueUrl, error);
        return this;
    }

    public List<String> reads() {
        return List.copyOf(reads);
    }

    @Override
    public QueueSnapshot read(String queueUrl) {
        reads.add(queueUrl);
        RuntimeException error = errors.get(queueUrl);
        if (error != null) {
            throw error;
        }
        QueueSnapshot snapshot = depths.get(queueUrl);
        if (snapshot == null) {
            throw new QueueNotFound(queueUrl);
        }
        return snapshot;
    }
}
