package dev.sfautoscaler.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfautoscaler.sim.Scenario;
import dev.sfautoscaler.testkit.AwsFixtures;
import dev.sfautoscaler.testkit.MotoServer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateTagsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeTagsRequest;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * The sandbox's workers follow {@code docs/workers.md}: each reads its drain tag from the instance metadata
 * stand-in before every ReceiveMessage, which shows the emulator's tags after at most one refresh (one
 * DescribeTags for all instances, however many receives); a draining instance receives nothing more,
 * finishes its message and only then reports {@code sfautoscaler:drained}; an empty receive is a 2 s long
 * poll. Against the real emulator (one moto server for the class, emptied before each test): real SDK
 * clients, real instances (their tags are the emulator's), a real queue; a recorder on the clients
 * ({@link Calls}) notes the requests the workers make. The pool takes its time as an argument, so the
 * steps are on a clock of their own (SPEED=60: a simulated second is 1/60 of a real one) and the test
 * never sleeps: the visibility timeout (60 real seconds) and the emulator's clock play no part.
 */
class SandboxWorkersTest {

    private static final long MS = 1_000_000L;
    private static final String DRAINED = "sfautoscaler:drained";

    /** The requests the workers' clients send, as the SDK hands them over: a recorder, not a fake. */
    private static final class Calls implements ExecutionInterceptor {
        /** Each ReceiveMessage's MaxNumberOfMessages, in order. */
        final List<Integer> receives = new CopyOnWriteArrayList<>();
        final List<String> describeTags = new CopyOnWriteArrayList<>();
        /** Each CreateTags call, as {@code instances keys} (the instances sorted). */
        final List<String> createTags = new CopyOnWriteArrayList<>();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof ReceiveMessageRequest r) {
                receives.add(r.maxNumberOfMessages());
            } else if (context.request() instanceof DescribeTagsRequest r) {
                describeTags.add(r.toString());
            } else if (context.request() instanceof CreateTagsRequest r) {
                createTags.add(r.resources().stream().sorted().collect(Collectors.joining(",")) + " "
                        + r.tags().stream().map(Tag::key).collect(Collectors.joining(",")));
            }
        }

        void clear() {
            receives.clear();
            describeTags.clear();
            createTags.clear();
        }
    }

    private static MotoServer moto;
    private static AwsFixtures aws;
    private static final Calls CALLS = new Calls();
    private static Ec2Client ec2;
    private static SqsClient sqs;

    private String a;
    private String b;
    private String queueUrl;
    private WorkerPool pool;

    @BeforeAll
    static void startTheEmulator() {
        moto = MotoServer.start();
        aws = new AwsFixtures(moto.endpoint());
        var credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY));
        ec2 = Ec2Client.builder().endpointOverride(moto.endpoint()).region(Region.of(MotoServer.REGION))
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(CALLS)).build();
        sqs = SqsClient.builder().endpointOverride(moto.endpoint()).region(Region.of(MotoServer.REGION))
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(CALLS)).build();
    }

    @AfterAll
    static void stopTheEmulator() {
        if (ec2 != null) {
            ec2.close();
            sqs.close();
        }
        if (aws != null) {
            aws.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    /** Two one-unit instances running in the emulator, an empty queue, and a pool on them (SPEED=60). */
    @BeforeEach
    void twoInstancesAndAQueue() {
        moto.reset();
        CALLS.clear();
        List<String> ids = aws.ec2().runInstances(r -> r.imageId(AwsFixtures.IMAGE_ID).instanceType("c5.large")
                .minCount(2).maxCount(2)).instances().stream().map(Instance::instanceId).toList();
        a = ids.get(0);
        b = ids.get(1);
        queueUrl = aws.createQueue("jobs");
        // 30 simulated seconds a message: 500 ms real at SPEED=60.
        pool = new WorkerPool(sqs, ec2, queueUrl, new TimeScale(60),
                new Scenario.Processing(30, "fixed", 0),
                new Scenario.Plant(new Scenario.Processing(30, "fixed", 0), 2, 0, 0, 0, 0, 60, 0, 0, List.of(), null),
                60, 1);
    }

    /** Both instances running from the start, the pool stepped at real {@code t0}. */
    private long startWithTwoInstances() {
        long t0 = 1_000_000_000L;
        pool.follow(Map.of(a, 1, b, 1), t0, true);
        return t0;
    }

    private int queueAttribute(QueueAttributeName name) {
        return Integer.parseInt(aws.sqs().getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(name))
                .attributes().get(name));
    }

    @Test
    void aWorkerAnnouncesTheContractThenLongPollsTwoSimulatedSecondsWhenTheQueueIsEmpty() {
        long t0 = startWithTwoInstances();
        pool.step(t0);
        assertEquals(Optional.of("drain"), aws.tag(a, "sfautoscaler:worker"));
        assertEquals(Optional.of("drain"), aws.tag(b, "sfautoscaler:worker"));
        assertEquals(List.of(2), CALLS.receives, "both idle workers asked, in one call");
        // 2 simulated seconds are 33 real ms: no receive before the long poll ends, one right after.
        pool.step(t0 + 20 * MS);
        assertEquals(1, CALLS.receives.size());
        pool.step(t0 + 34 * MS);
        assertEquals(List.of(2, 2), CALLS.receives);
        aws.sendMessages(queueUrl, 1);
        pool.step(t0 + 70 * MS);
        assertEquals(List.of(2, 2, 2), CALLS.receives);
        assertEquals(0, queueAttribute(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES), "the message was taken");
        assertEquals(2, pool.running(t0), "both workers run");
        assertEquals(List.of(String.join(",", List.of(a, b).stream().sorted().toList()) + " sfautoscaler:worker"),
                CALLS.createTags,
                "announced once, in one call");
    }

    @Test
    void aTaggedInstanceReceivesNothingMoreOnceInstanceMetadataShowsTheTagAndReportsOnlyAfterItsMessage() {
        long t0 = startWithTwoInstances();
        aws.sendMessages(queueUrl, 2);
        pool.step(t0);
        assertEquals(List.of(2), CALLS.receives, "each worker took one message");
        assertEquals(2, queueAttribute(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        // The drain tags A; instance metadata shows it at its next refresh (50 ms real, 3 simulated seconds).
        aws.tag(a, InstanceMetadata.DRAIN_TAG, "2026-12-05T05:00:00Z");
        long refreshed = t0 + 60 * MS;
        pool.step(refreshed);
        assertEquals(Optional.empty(), aws.tag(a, DRAINED), "A still holds its message: no report");
        // Both messages done after 500 ms real: A deletes its message and reports; only B asks again.
        aws.sendMessages(queueUrl, 3);
        long done = t0 + 510 * MS;
        pool.step(done);
        assertEquals(List.of(2, 1), CALLS.receives, "the draining instance's worker made no receive");
        // 5 sent, B holds the third: the first two were deleted, two of the three later ones wait.
        assertEquals(1, queueAttribute(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE),
                "A and B finished their messages");
        assertEquals(2, queueAttribute(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        assertTrue(aws.tag(a, DRAINED).isPresent(), "A reported drained");
        assertEquals(Optional.empty(), aws.tag(b, DRAINED));
        assertEquals(List.of(a + " " + DRAINED), CALLS.createTags.stream().filter(t -> t.endsWith(DRAINED)).toList(),
                "one report, only A's");

        // The drain is cancelled (both tags removed): after the next refresh A receives again.
        aws.ec2().deleteTags(r -> r.resources(a).tags(Tag.builder().key(InstanceMetadata.DRAIN_TAG).build(),
                Tag.builder().key(DRAINED).build()));
        pool.step(done + 60 * MS);
        assertEquals(List.of(2, 1, 1), CALLS.receives, "A's worker receives again");
        assertEquals(2, queueAttribute(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE),
                "A took one of the waiting messages");
    }

    @Test
    void instanceMetadataReadsTheEmulatorOncePerRefreshHoweverManyReceives() {
        long t0 = startWithTwoInstances();
        for (int ms = 0; ms <= 1000; ms += 20) {
            pool.step(t0 + ms * MS);
        }
        long describes = CALLS.describeTags.size();
        // 1 s real of steps every 20 ms: a refresh every 50 ms is 21 DescribeTags; the receives, one per 2 s poll.
        assertEquals(pool.metadataRefreshes(), describes, "one DescribeTags per refresh");
        assertTrue(describes <= 21, "DescribeTags " + describes);
        assertTrue(CALLS.receives.size() >= 20, "receives " + CALLS.receives.size());
    }

    @Test
    void instanceMetadataShowsATagChangeAfterTwoSimulatedSecondsOrFiftyRealMilliseconds() {
        assertEquals(3.0, InstanceMetadata.refreshSimulatedSeconds(new TimeScale(60)));
        assertEquals(2.0, InstanceMetadata.refreshSimulatedSeconds(new TimeScale(10)));
    }
}
