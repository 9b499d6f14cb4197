package dev.sfautoscaler.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfautoscaler.core.QueueMetrics;
import dev.sfautoscaler.core.error.AccessDenied;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;

/**
 * What one GetMetricData answer becomes: the latest published minute, each metric of that minute,
 * and nothing (not zero) for what CloudWatch did not publish. Against the emulator: ReadCapacityBehaviour.
 */
class CloudWatchQueueMetricsTest {

    static final Instant NOW = Instant.parse("2026-12-04T21:00:42Z");
    static final String QUEUE = "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs";

    /** A client that answers GetMetricData with the given results and keeps the requests. */
    static final class Answering implements CloudWatchClient {
        final List<GetMetricDataRequest> requests = new ArrayList<>();
        final List<MetricDataResult> results;
        final RuntimeException failure;

        Answering(RuntimeException failure, MetricDataResult... results) {
            this.failure = failure;
            this.results = List.of(results);
        }

        @Override
        public GetMetricDataResponse getMetricData(Consumer<GetMetricDataRequest.Builder> request) {
            GetMetricDataRequest.Builder builder = GetMetricDataRequest.builder();
            request.accept(builder);
            requests.add(builder.build());
            if (failure != null) {
                throw failure;
            }
            return GetMetricDataResponse.builder().metricDataResults(results).build();
        }

        @Override
        public String serviceName() {
            return "cloudwatch";
        }

        @Override
        public void close() {
        }
    }

    static MetricDataResult result(String id, Object... timeAndValue) {
        List<Instant> times = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < timeAndValue.length; i += 2) {
            times.add(Instant.parse((String) timeAndValue[i]));
            values.add(((Number) timeAndValue[i + 1]).doubleValue());
        }
        return MetricDataResult.builder().id(id).timestamps(times).values(values).build();
    }

    static QueueMetrics read(Answering client, String queueUrl) {
        return new CloudWatchQueueMetrics(client, Clock.fixed(NOW, ZoneOffset.UTC)).read(queueUrl);
    }

    @Test
    void oneCallReadsTheLatestPublishedMinuteOfEachMetric() {
        Answering client = new Answering(null,
                result("deleted", "2026-12-04T20:57:00Z", 42, "2026-12-04T20:56:00Z", 30),
                result("oldestAge", "2026-12-04T20:57:00Z", 95.4, "2026-12-04T20:56:00Z", 40),
                result("sent", "2026-12-04T20:57:00Z", 45, "2026-12-04T20:56:00Z", 31));

        QueueMetrics metrics = read(client, QUEUE);

        assertEquals(Instant.parse("2026-12-04T20:58:00Z"), metrics.periodEnd());
        assertEquals(60, metrics.periodSeconds());
        assertEquals(OptionalLong.of(42), metrics.deleted());
        assertEquals(OptionalLong.of(95), metrics.oldestAgeSeconds());
        assertEquals(OptionalLong.of(45), metrics.sent(), "the load of the same minute");
        assertEquals(OptionalLong.empty(), metrics.groupsInFlight());
        assertFalse(metrics.fifo());
        assertEquals(1, client.requests.size());
        GetMetricDataRequest request = client.requests.get(0);
        assertEquals(Instant.parse("2026-12-04T21:00:00Z"), request.endTime(), "whole minutes up to now");
        assertEquals(Instant.parse("2026-12-04T20:45:00Z"), request.startTime());
        assertEquals(List.of("NumberOfMessagesDeleted", "ApproximateAgeOfOldestMessage", "NumberOfMessagesSent"),
                request.metricDataQueries().stream().map(q -> q.metricStat().metric().metricName()).toList());
        assertEquals("jobs", request.metricDataQueries().get(0).metricStat().metric().dimensions().get(0).value());
    }

    @Test
    void aShorterPeriodAsTheSandboxSetsItReadsWholePeriodsOfThatLength() {
        // The sandbox at SPEED=60: a simulated minute is one real second.
        Answering client = new Answering(null, result("deleted", "2026-12-04T21:00:40Z", 7));

        QueueMetrics metrics = new CloudWatchQueueMetrics(client, Clock.fixed(NOW, ZoneOffset.UTC),
                java.time.Duration.ofSeconds(1)).read(QUEUE);

        assertEquals(Instant.parse("2026-12-04T21:00:41Z"), metrics.periodEnd());
        assertEquals(1, metrics.periodSeconds());
        assertEquals(OptionalLong.of(7), metrics.deleted());
        GetMetricDataRequest request = client.requests.get(0);
        assertEquals(Instant.parse("2026-12-04T21:00:42Z"), request.endTime(), "whole periods up to now");
        assertEquals(Instant.parse("2026-12-04T21:00:27Z"), request.startTime(), "fifteen periods back");
        assertEquals(1, request.metricDataQueries().get(0).metricStat().period());
        assertThrows(IllegalArgumentException.class, () -> new CloudWatchQueueMetrics(client,
                Clock.fixed(NOW, ZoneOffset.UTC), java.time.Duration.ofMillis(500)));
    }

    @Test
    void whatIsNotPublishedForThatMinuteIsMissingNotZero() {
        // The age came a minute later than the deletions: the reading is that minute, without deletions.
        Answering client = new Answering(null,
                result("deleted", "2026-12-04T20:56:00Z", 30),
                result("oldestAge", "2026-12-04T20:57:00Z", 12));

        QueueMetrics metrics = read(client, QUEUE);

        assertEquals(Instant.parse("2026-12-04T20:58:00Z"), metrics.periodEnd());
        assertEquals(OptionalLong.empty(), metrics.deleted());
        assertEquals(OptionalLong.of(12), metrics.oldestAgeSeconds());
    }

    @Test
    void aQueueThatPublishedNothingHasNoMetrics() {
        QueueMetrics metrics = read(new Answering(null, result("deleted"), result("oldestAge")), QUEUE);

        assertEquals(OptionalLong.empty(), metrics.deleted());
        assertEquals(OptionalLong.empty(), metrics.oldestAgeSeconds());
        assertEquals(OptionalLong.empty(), metrics.groupsInFlight());
    }

    @Test
    void aFifoQueueAlsoAsksForTheGroupsWithMessagesInFlight() {
        Answering client = new Answering(null,
                result("deleted", "2026-12-04T20:57:00Z", 8),
                result("groupsInFlight", "2026-12-04T20:57:00Z", 1));

        QueueMetrics metrics = read(client, "https://sqs.eu-west-1.amazonaws.com/123456789012/orders.fifo");

        assertTrue(metrics.fifo());
        assertEquals(OptionalLong.of(1), metrics.groupsInFlight());
        List<MetricDataQuery> queries = client.requests.get(0).metricDataQueries();
        assertEquals("ApproximateNumberOfGroupsWithInflightMessages", queries.get(3).metricStat().metric().metricName());
        assertEquals("orders.fifo", queries.get(3).metricStat().metric().dimensions().get(0).value());
    }

    @Test
    void aMissingPermissionIsTheTypedError() {
        Answering client = new Answering(AwsServiceException.builder().statusCode(403)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied")
                        .errorMessage("not authorized to perform: cloudwatch:GetMetricData").build())
                .build());

        AccessDenied e = assertThrows(AccessDenied.class, () -> read(client, QUEUE));

        assertTrue(e.getMessage().contains("cloudwatch:GetMetricData"), e.getMessage());
    }
}
