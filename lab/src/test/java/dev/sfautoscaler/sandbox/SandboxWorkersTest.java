package dev.sfautoscaler.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfautoscaler.sim.Scenario;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateTagsRequest;
import software.amazon.awssdk.services.ec2.model.CreateTagsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeTagsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeTagsResponse;
import software.amazon.awssdk.services.ec2.model.TagDescription;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * The sandbox's workers follow {@code docs/workers.md}: each reads its drain tag from the instance metadata
 * stand-in before every ReceiveMessage, which shows the emulator's tags after at most one refresh (one
 * DescribeTags for all instances, however many receives); a draining instance receives nothing more,
 * finishes its message and only then reports {@code sfautoscaler:drained}; an empty receive is a 2 s long
 * poll. The EC2 and SQS clients are in-memory fakes that log the calls, so the steps are on a clock of
 * their own (SPEED=60: a simulated second is 1/60 of a real one).
 */
class SandboxWorkersTest {

    private static final long MS = 1_000_000L;
    private static final String A = "i-aaaa";
    private static final String B = "i-bbbb";

    /** The emulator's instance tags and the EC2 calls the workers made. */
    private static final class FakeEc2 implements Ec2Client {
        final Map<String, Map<String, String>> tags = new LinkedHashMap<>();
        final List<String> calls = new ArrayList<>();

        @Override
        public DescribeTagsResponse describeTags(DescribeTagsRequest request) {
            calls.add("DescribeTags");
            List<TagDescription> out = new ArrayList<>();
            tags.forEach((id, kv) -> kv.forEach((k, v) -> {
                if (k.equals(InstanceMetadata.DRAIN_TAG)) {
                    out.add(TagDescription.builder().resourceId(id).key(k).value(v).build());
                }
            }));
            return DescribeTagsResponse.builder().tags(out).build();
        }

        @Override
        public CreateTagsResponse createTags(CreateTagsRequest request) {
            for (String id : request.resources()) {
                request.tags().forEach(t -> {
                    tags.computeIfAbsent(id, k -> new LinkedHashMap<>()).put(t.key(), t.value());
                    calls.add("CreateTags " + id + " " + t.key());
                });
            }
            return CreateTagsResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "ec2";
        }

        @Override
        public void close() {
        }
    }

    /** A queue of messages, and each ReceiveMessage's MaxNumberOfMessages in order. */
    private static final class FakeSqs implements SqsClient {
        final Deque<Message> queue = new ArrayDeque<>();
        final List<Integer> receives = new ArrayList<>();
        final List<String> deleted = new ArrayList<>();
        private int sent;

        void send(int n) {
            for (int i = 0; i < n; i++) {
                String id = "m" + ++sent;
                queue.add(Message.builder().messageId(id).receiptHandle("r-" + id).body(id).build());
            }
        }

        @Override
        public ReceiveMessageResponse receiveMessage(ReceiveMessageRequest request) {
            receives.add(request.maxNumberOfMessages());
            List<Message> got = new ArrayList<>();
            while (got.size() < request.maxNumberOfMessages() && !queue.isEmpty()) {
                got.add(queue.poll());
            }
            return ReceiveMessageResponse.builder().messages(got).build();
        }

        @Override
        public DeleteMessageBatchResponse deleteMessageBatch(DeleteMessageBatchRequest request) {
            List<DeleteMessageBatchResultEntry> ok = new ArrayList<>();
            request.entries().forEach(e -> {
                deleted.add(e.receiptHandle());
                ok.add(DeleteMessageBatchResultEntry.builder().id(e.id()).build());
            });
            return DeleteMessageBatchResponse.builder().successful(ok).build();
        }

        @Override
        public String serviceName() {
            return "sqs";
        }

        @Override
        public void close() {
        }
    }

    private final FakeEc2 ec2 = new FakeEc2();
    private final FakeSqs sqs = new FakeSqs();
    /** 30 simulated seconds a message: 500 ms real at SPEED=60. */
    private final WorkerPool pool = new WorkerPool(sqs, ec2, "queue", new TimeScale(60),
            new Scenario.Processing(30, "fixed", 0),
            new Scenario.Plant(new Scenario.Processing(30, "fixed", 0), 2, 0, 0, 0, 0, 60, 0, 0, List.of(), null),
            60, 1);

    /** Two one-unit instances running from the start, the pool stepped at real {@code t0}. */
    private long startWithTwoInstances() {
        long t0 = 1_000_000_000L;
        pool.follow(Map.of(A, 1, B, 1), t0, true);
        return t0;
    }

    @Test
    void aWorkerAnnouncesTheContractThenLongPollsTwoSimulatedSecondsWhenTheQueueIsEmpty() {
        long t0 = startWithTwoInstances();
        pool.step(t0);
        assertEquals("drain", ec2.tags.get(A).get("sfautoscaler:worker"));
        assertEquals("drain", ec2.tags.get(B).get("sfautoscaler:worker"));
        assertEquals(List.of(2), sqs.receives, "both idle workers asked, in one call");
        // 2 simulated seconds are 33 real ms: no receive before the long poll ends, one right after.
        pool.step(t0 + 20 * MS);
        assertEquals(1, sqs.receives.size());
        pool.step(t0 + 34 * MS);
        assertEquals(List.of(2, 2), sqs.receives);
        sqs.send(1);
        pool.step(t0 + 70 * MS);
        assertEquals(List.of(2, 2, 2), sqs.receives);
        assertEquals(2, pool.running(t0), "both workers run");
    }

    @Test
    void aTaggedInstanceReceivesNothingMoreOnceInstanceMetadataShowsTheTagAndReportsOnlyAfterItsMessage() {
        long t0 = startWithTwoInstances();
        sqs.send(2);
        pool.step(t0);
        assertEquals(List.of(2), sqs.receives, "each worker took one message");
        // The drain tags A; instance metadata shows it at its next refresh (50 ms real, 3 simulated seconds).
        ec2.tags.get(A).put(InstanceMetadata.DRAIN_TAG, "2026-12-05T05:00:00Z");
        long refreshed = t0 + 60 * MS;
        pool.step(refreshed);
        assertTrue(!ec2.tags.get(A).containsKey("sfautoscaler:drained"), "A still holds its message: no report");
        // Both messages done after 500 ms real: A deletes its message and reports; only B asks again.
        sqs.send(3);
        long done = t0 + 510 * MS;
        pool.step(done);
        assertEquals(List.of(2, 1), sqs.receives, "the draining instance's worker made no receive");
        assertEquals(List.of("r-m1", "r-m2"), sqs.deleted, "A finished its message");
        assertTrue(ec2.tags.get(A).containsKey("sfautoscaler:drained"), "A reported drained");
        assertTrue(!ec2.tags.get(B).containsKey("sfautoscaler:drained"));

        // The drain is cancelled (both tags removed): after the next refresh A receives again.
        ec2.tags.get(A).remove(InstanceMetadata.DRAIN_TAG);
        ec2.tags.get(A).remove("sfautoscaler:drained");
        pool.step(done + 60 * MS);
        assertEquals(List.of(2, 1, 1), sqs.receives, "A's worker receives again");
    }

    @Test
    void instanceMetadataReadsTheEmulatorOncePerRefreshHoweverManyReceives() {
        long t0 = startWithTwoInstances();
        for (int ms = 0; ms <= 1000; ms += 20) {
            pool.step(t0 + ms * MS);
        }
        long describes = ec2.calls.stream().filter("DescribeTags"::equals).count();
        // 1 s real of steps every 20 ms: a refresh every 50 ms is 21 DescribeTags; the receives, one per 2 s poll.
        assertEquals(pool.metadataRefreshes(), describes);
        assertTrue(describes <= 21, "DescribeTags " + describes);
        assertTrue(sqs.receives.size() >= 20, "receives " + sqs.receives.size());
    }

    @Test
    void instanceMetadataShowsATagChangeAfterTwoSimulatedSecondsOrFiftyRealMilliseconds() {
        assertEquals(3.0, InstanceMetadata.refreshSimulatedSeconds(new TimeScale(60)));
        assertEquals(2.0, InstanceMetadata.refreshSimulatedSeconds(new TimeScale(10)));
    }
}
