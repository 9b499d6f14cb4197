package dev.sfautoscaler.sandbox;

import dev.sfautoscaler.sim.Scenario;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The fleet's workers, one per instance the emulator runs for the fleet: an instance takes
 * messages once it has booted ({@code bootSeconds} after it first appeared), works on one message
 * at a time for the scenario's processing time, then deletes it. So the queue drains at a rate
 * proportional to the fleet's running capacity. An instance the fleet terminates drops its
 * message, which the queue shows again after the visibility timeout. Real SQS messages, real
 * ReceiveMessage and DeleteMessageBatch calls; only the work itself is a wait.
 *
 * <p>Not thread-safe: one thread calls {@link #instances} and {@link #step}.
 */
final class WorkerPool {

    private static final class Worker {
        final long readyAtNanos;
        Message message;
        long doneAtNanos;

        Worker(long readyAtNanos) {
            this.readyAtNanos = readyAtNanos;
        }
    }

    private final SqsClient sqs;
    private final String queueUrl;
    private final TimeScale time;
    private final Scenario.Processing processing;
    private final long bootNanos;
    private final int visibilityTimeoutSeconds;
    private final SplittableRandom random;
    private final Map<String, Worker> workers = new LinkedHashMap<>();
    /** After a receive found nothing, idle workers wait this long before asking again (less load on the emulator). */
    private static final long EMPTY_RECEIVE_BACKOFF_NANOS = 100_000_000L;
    private long nextReceiveNanos;
    private long processed;
    private long abandoned;

    WorkerPool(SqsClient sqs, String queueUrl, TimeScale time, Scenario.Processing processing, double bootSeconds,
            int visibilityTimeoutSeconds, long seed) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.time = time;
        this.processing = processing;
        this.bootNanos = time.realNanos(bootSeconds);
        this.visibilityTimeoutSeconds = visibilityTimeoutSeconds;
        this.random = new SplittableRandom(seed);
    }

    /**
     * The fleet's active instances now. New ones boot; instances gone were terminated. The
     * instances present when the sandbox starts have booted already.
     */
    void instances(Set<String> active, long nowNanos, boolean initial) {
        for (String id : List.copyOf(workers.keySet())) {
            if (!active.contains(id)) {
                Worker gone = workers.remove(id);
                if (gone.message != null) {
                    abandoned++;
                }
            }
        }
        for (String id : active) {
            workers.computeIfAbsent(id, i -> new Worker(initial ? nowNanos : nowNanos + bootNanos));
        }
    }

    /** Deletes the messages whose work is done and gives idle booted instances new ones. */
    void step(long nowNanos) {
        List<Worker> done = new ArrayList<>();
        for (Worker w : workers.values()) {
            if (w.message != null && w.doneAtNanos <= nowNanos) {
                done.add(w);
            }
        }
        for (int i = 0; i < done.size(); i += 10) {
            List<Worker> batch = done.subList(i, Math.min(done.size(), i + 10));
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int k = 0; k < batch.size(); k++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id("d" + k)
                        .receiptHandle(batch.get(k).message.receiptHandle()).build());
            }
            var result = sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
            processed += result.successful().size();
            batch.forEach(w -> w.message = null);
        }
        List<Worker> idle = new ArrayList<>();
        for (Worker w : workers.values()) {
            if (w.message == null && w.readyAtNanos <= nowNanos) {
                idle.add(w);
            }
        }
        int next = 0;
        while (next < idle.size() && nowNanos >= nextReceiveNanos) {
            int want = Math.min(10, idle.size() - next);
            List<Message> got = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(want)
                    .visibilityTimeout(visibilityTimeoutSeconds).waitTimeSeconds(0)).messages();
            for (Message m : got) {
                Worker w = idle.get(next++);
                w.message = m;
                w.doneAtNanos = nowNanos + time.realNanos(processing.sampleMillis(random) / 1000.0);
            }
            if (got.isEmpty()) {
                nextReceiveNanos = nowNanos + EMPTY_RECEIVE_BACKOFF_NANOS;
            }
            if (got.size() < want) {
                break;
            }
        }
    }

    /** Instances that have booted and take messages. */
    int running(long nowNanos) {
        int n = 0;
        for (Worker w : workers.values()) {
            if (w.readyAtNanos <= nowNanos) {
                n++;
            }
        }
        return n;
    }

    int busy() {
        int n = 0;
        for (Worker w : workers.values()) {
            if (w.message != null) {
                n++;
            }
        }
        return n;
    }

    long processed() {
        return processed;
    }

    long abandoned() {
        return abandoned;
    }

    Set<String> ids() {
        return new HashSet<>(workers.keySet());
    }
}
