package dev.sfautoscaler.sandbox;

import dev.sfautoscaler.sim.Scenario;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The target's workers, one per capacity unit of each instance the emulator runs for it (an instance
 * of weight 4 runs four, each its own message at a time): an instance takes
 * messages once Spot has fulfilled it and it has booted (the scenario's fulfilment and boot
 * delays after it first appears: moto launches instantly), works on one message at a time for the
 * scenario's processing time, then deletes it. So the queue drains at a rate proportional to the
 * fleet's running capacity. An instance the fleet terminates drops its message, which the queue
 * shows again after the visibility timeout. Real SQS messages, real ReceiveMessage and
 * DeleteMessageBatch calls; only the work itself is a wait.
 *
 * <p>The workers follow the worker contract of {@code docs/workers.md} step by step: an instance's workers,
 * once it has booted and before their first ReceiveMessage, announce it ({@code sfautoscaler:worker=drain});
 * each worker reads its instance's {@code sfautoscaler:drain} tag from instance metadata
 * ({@link InstanceMetadata}, the sandbox's stand-in) at every step, so also right before each
 * ReceiveMessage; an empty receive is a long poll of {@link #LONG_POLL_SECONDS} simulated seconds (the
 * worker asks again after it); a draining instance's workers make no further ReceiveMessage call,
 * finish and delete the messages in hand, and the instance tags itself {@code sfautoscaler:drained} as
 * soon as its last one is deleted; if the drain tag goes away (the drain was cancelled) they receive
 * again. Idle workers that ask at the same moment share one ReceiveMessage of up to ten messages, one
 * for each (ten receives of one message each, in one call: less load on the emulator). (The emulator
 * sends no Spot interruption notices.)
 *
 * <p>Not thread-safe: one thread calls {@link #follow} and {@link #step}.
 */
final class WorkerPool {

    private static final class Instance {
        final long readyAtNanos;
        Message message;
        long doneAtNanos;
        /** The end of this worker's long poll that found nothing: it asks again then. */
        long pollEndsNanos = Long.MIN_VALUE;

        Instance(long readyAtNanos) {
            this.readyAtNanos = readyAtNanos;
        }
    }

    /**
     * The contract's long poll in simulated seconds ({@code docs/workers.md}: "long polling of at most 2 s"):
     * a receive that finds nothing ends after it, and the worker asks again. SQS's WaitTimeSeconds is whole
     * real seconds (60 simulated at SPEED=60), so the sandbox asks with no wait and lets the worker wait out
     * the rest of the poll; a message sent meanwhile is taken at the poll's end, not at once.
     */
    static final double LONG_POLL_SECONDS = 2;

    private final SqsClient sqs;
    private final String queueUrl;
    private final TimeScale time;
    private final Scenario.Processing processing;
    private final Scenario.Plant plant;
    private final int visibilityTimeoutSeconds;
    private final SplittableRandom random;
    /** The workers, by instance id and worker number ({@code i-123#2}). */
    private final Map<String, Instance> instances = new LinkedHashMap<>();
    /** When each instance takes messages: all its workers at once. */
    private final Map<String, Long> readyAt = new HashMap<>();
    private final long longPollNanos;
    /** The workers' own tag writes (null: no contract, the workers ignore drains). */
    private final Ec2Client ec2;
    /** What each instance's workers read their drain tag from (null without the contract). */
    private final InstanceMetadata metadata;
    /** Instances whose workers read sfautoscaler:drain at the last step, and those that reported sfautoscaler:drained. */
    private final Set<String> draining = new HashSet<>();
    private final Set<String> reported = new HashSet<>();
    /** Instances whose workers have announced the contract (sfautoscaler:worker, once each). */
    private final Set<String> announced = new HashSet<>();
    private final Set<String> processedIds = new HashSet<>();
    private long processed;
    private long duplicates;
    private long abandoned;

    WorkerPool(SqsClient sqs, String queueUrl, TimeScale time, Scenario.Processing processing, Scenario.Plant plant,
            int visibilityTimeoutSeconds, long seed) {
        this(sqs, null, queueUrl, time, processing, plant, visibilityTimeoutSeconds, seed);
    }

    WorkerPool(SqsClient sqs, Ec2Client ec2, String queueUrl, TimeScale time, Scenario.Processing processing,
            Scenario.Plant plant, int visibilityTimeoutSeconds, long seed) {
        this.sqs = sqs;
        this.ec2 = ec2;
        this.metadata = ec2 == null ? null : new InstanceMetadata(ec2, time);
        this.longPollNanos = time.realNanos(LONG_POLL_SECONDS);
        this.queueUrl = queueUrl;
        this.time = time;
        this.processing = processing;
        this.plant = plant;
        this.visibilityTimeoutSeconds = visibilityTimeoutSeconds;
        this.random = new SplittableRandom(seed);
    }

    /**
     * The target's active instances now, each with its units: new ones are fulfilled and boot (all
     * their workers at once), the ones gone were terminated. The instances there at the start
     * ({@code initial}) run already.
     */
    void follow(Map<String, Integer> active, long nowNanos, boolean initial) {
        for (String worker : List.copyOf(instances.keySet())) {
            int hash = worker.lastIndexOf('#');
            Integer units = active.get(worker.substring(0, hash));
            if (units == null || Integer.parseInt(worker.substring(hash + 1)) >= units) {
                Instance gone = instances.remove(worker);
                if (gone.message != null) {
                    abandoned++;
                }
            }
        }
        readyAt.keySet().retainAll(active.keySet());
        for (Map.Entry<String, Integer> instance : active.entrySet()) {
            long ready = readyAt.computeIfAbsent(instance.getKey(), i -> initial ? nowNanos : nowNanos + launchDelay());
            for (int k = 0; k < instance.getValue(); k++) {
                instances.computeIfAbsent(instance.getKey() + "#" + k, w -> new Instance(ready));
            }
        }
    }

    /** Spot fulfilment (uniform between the scenario's bounds) and boot. */
    private long launchDelay() {
        double fulfilment = plant.fulfilmentMinSeconds()
                + random.nextDouble() * (plant.fulfilmentMaxSeconds() - plant.fulfilmentMinSeconds());
        return time.realNanos(fulfilment + plant.bootSeconds());
    }

    /** The instance a worker ({@code i-123#2}) belongs to. */
    private static String instanceOf(String worker) {
        return worker.substring(0, worker.lastIndexOf('#'));
    }

    /** Each instance's workers read their drain tag from instance metadata (the contract's read). */
    private void readDrainTags(long nowNanos) {
        metadata.refreshIfDue(nowNanos);
        draining.clear();
        for (String id : readyAt.keySet()) {
            if (metadata.drainTag(id).isPresent()) {
                draining.add(id);
            }
        }
        // A drain tag gone (the drain was cancelled, both tags removed): a later drain is reported anew.
        reported.retainAll(draining);
    }

    /**
     * A draining instance whose workers hold no message any more tags itself sfautoscaler:drained = now,
     * once per drain: they have stopped receiving (no receive goes to a draining instance) and finished.
     */
    private void reportDrained() {
        if (ec2 == null || draining.isEmpty()) {
            return;
        }
        Set<String> busy = new HashSet<>();
        Set<String> mine = new HashSet<>();
        for (Map.Entry<String, Instance> w : instances.entrySet()) {
            String id = instanceOf(w.getKey());
            mine.add(id);
            if (w.getValue().message != null) {
                busy.add(id);
            }
        }
        for (String id : draining) {
            if (mine.contains(id) && !busy.contains(id) && reported.add(id)) {
                String at = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
                ec2.createTags(r -> r.resources(id).tags(t -> t.key("sfautoscaler:drained").value(at)));
            }
        }
    }

    /**
     * The workers of an instance that has booted tag it sfautoscaler:worker=drain before their first
     * ReceiveMessage: they follow the contract (docs/workers.md), so a drain waits for them.
     */
    private void announce(long nowNanos) {
        List<String> fresh = new ArrayList<>();
        for (Map.Entry<String, Long> instance : readyAt.entrySet()) {
            if (instance.getValue() <= nowNanos && announced.add(instance.getKey())) {
                fresh.add(instance.getKey());
            }
        }
        announced.retainAll(readyAt.keySet());
        if (!fresh.isEmpty()) {
            ec2.createTags(r -> r.resources(fresh).tags(t -> t.key("sfautoscaler:worker").value("drain")));
        }
    }

    /** Deletes the messages whose work is done and gives idle booted instances new ones. */
    void step(long nowNanos) {
        List<Instance> done = new ArrayList<>();
        for (Instance w : instances.values()) {
            if (w.message != null && w.doneAtNanos <= nowNanos) {
                done.add(w);
            }
        }
        for (int i = 0; i < done.size(); i += 10) {
            List<Instance> batch = done.subList(i, Math.min(done.size(), i + 10));
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int k = 0; k < batch.size(); k++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id("d" + k)
                        .receiptHandle(batch.get(k).message.receiptHandle()).build());
            }
            var result = sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
            for (var ok : result.successful()) {
                int k = Integer.parseInt(ok.id().substring(1));
                if (processedIds.add(batch.get(k).message.messageId())) {
                    processed++;
                } else {
                    duplicates++;
                }
            }
            batch.forEach(w -> w.message = null);
        }
        boolean tags = ec2 != null && !instances.isEmpty();
        if (tags) {
            announce(nowNanos);
        }
        // The contract's read at every step, so right before the receives below: from instance metadata, which
        // shows the emulator's tags after a short delay (InstanceMetadata), not a DescribeTags per receive.
        if (tags) {
            readDrainTags(nowNanos);
        }
        // Reported as soon as the last message in hand is deleted, not at the next read.
        reportDrained();
        List<Instance> idle = new ArrayList<>();
        for (Map.Entry<String, Instance> e : instances.entrySet()) {
            Instance w = e.getValue();
            if (w.message == null && w.readyAtNanos <= nowNanos && w.pollEndsNanos <= nowNanos
                    && !draining.contains(instanceOf(e.getKey()))) {
                idle.add(w);
            }
        }
        for (int next = 0; next < idle.size(); ) {
            int from = next;
            int want = Math.min(10, idle.size() - next);
            List<Message> got = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(want)
                    .visibilityTimeout(visibilityTimeoutSeconds).waitTimeSeconds(0)).messages();
            for (Message m : got) {
                Instance w = idle.get(next++);
                w.message = m;
                w.doneAtNanos = nowNanos + time.realNanos(processing.sampleMillis(random) / 1000.0);
            }
            if (got.size() < want) {
                // The queue had no more: the workers left without one wait out their long poll, as all after them.
                for (Instance w : idle.subList(from + got.size(), idle.size())) {
                    w.pollEndsNanos = nowNanos + longPollNanos;
                }
                break;
            }
        }
    }

    /** DescribeTags calls the instance metadata stand-in has made (0 without the contract). */
    long metadataRefreshes() {
        return metadata == null ? 0 : metadata.refreshes();
    }

    /** Workers (capacity units) whose instance has booted and takes messages. */
    int running(long nowNanos) {
        return (int) instances.values().stream().filter(i -> i.readyAtNanos <= nowNanos).count();
    }

    /** Messages processed and deleted, each counted once. */
    long processed() {
        return processed;
    }

    /** Messages processed a second time: the visibility timeout ran out while the first worker was at it. */
    long duplicates() {
        return duplicates;
    }

    long abandoned() {
        return abandoned;
    }
}
