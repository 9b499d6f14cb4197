package dev.sfautoscaler.aws;

import dev.sfautoscaler.aws.AwsErrorTranslator.AwsCall;
import dev.sfautoscaler.core.QueueMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

/**
 * The queue as CloudWatch sees it ({@code AWS/SQS}, dimension {@code QueueName}), in ONE GetMetricData
 * call: {@code NumberOfMessagesDeleted} (Sum), {@code NumberOfMessagesSent} (Sum, the load),
 * {@code ApproximateAgeOfOldestMessage} (Maximum) and, for
 * a FIFO queue, {@code ApproximateNumberOfGroupsWithInflightMessages} (Maximum), at SQS's one-minute
 * resolution over the last {@link #LOOKBACK}. The reading is the latest minute for which any of them
 * has a datapoint, each value from that minute: what SQS did not publish for it stays empty, never
 * zero (SQS publishes nothing for a queue idle for six hours, and its metrics lag by minutes).
 * {@link #readWithWindow} asks for {@code ApproximateNumberOfMessagesNotVisible} (Average) too, and the answer's
 * minutes together make the {@link QueueMetrics.Window}: the deletions and the mean in-flight count over every
 * minute of the lookback that has both, the workers' pace by Little's law (the static policy's load floor).
 *
 * <p>CloudWatch bills GetMetricData per metric asked for (0.01 USD per 1,000 at list price), so a
 * reading costs 3 metrics (4 for FIFO, one more with the window); the free tier does not cover GetMetricData.
 */
public final class CloudWatchQueueMetrics {

    /** SQS's metrics are per minute. */
    static final Duration PERIOD = Duration.ofMinutes(1);
    /** How far back to look for the latest published minute: SQS's metrics may lag by up to about 15 minutes. */
    static final Duration LOOKBACK = Duration.ofMinutes(15);
    /** {@link #LOOKBACK} in periods. */
    private static final long LOOKBACK_PERIODS = LOOKBACK.dividedBy(PERIOD);

    private static final String GET_METRIC_DATA = "CloudWatch GetMetricData";
    private static final String NAMESPACE = "AWS/SQS";
    private static final String DELETED = "deleted";
    private static final String OLDEST_AGE = "oldestAge";
    private static final String SENT = "sent";
    private static final String IN_FLIGHT = "inFlight";
    private static final String GROUPS_IN_FLIGHT = "groupsInFlight";

    private final CloudWatchClient cloudWatch;
    private final Clock clock;
    private final Duration period;

    public CloudWatchQueueMetrics(CloudWatchClient cloudWatch, Clock clock) {
        this(cloudWatch, clock, PERIOD);
    }

    /**
     * @param period SQS's period, {@link #PERIOD} on AWS; the sandbox, whose clock runs faster than the
     *               functions', publishes its simulated minutes in shorter real periods
     */
    public CloudWatchQueueMetrics(CloudWatchClient cloudWatch, Clock clock, Duration period) {
        if (period.toSeconds() < 1) {
            throw new IllegalArgumentException("the queue metrics' period must be at least 1 s; got " + period);
        }
        this.cloudWatch = cloudWatch;
        this.clock = clock;
        this.period = Duration.ofSeconds(period.toSeconds());
    }

    /**
     * The latest minute CloudWatch has for the queue. Translates a failed call into the core's typed
     * error (a throttled or unanswered call is retryable).
     */
    public QueueMetrics read(String queueUrl) {
        return read(queueUrl, false);
    }

    /** {@link #read}, with the window of the lookback's minutes ({@link QueueMetrics#window()}). */
    public QueueMetrics readWithWindow(String queueUrl) {
        return read(queueUrl, true);
    }

    private QueueMetrics read(String queueUrl, boolean withWindow) {
        String queueName = queueName(queueUrl);
        boolean fifo = queueName.endsWith(".fifo");
        long seconds = period.toSeconds();
        Instant end = Instant.ofEpochSecond(Math.floorDiv(clock.instant().getEpochSecond(), seconds) * seconds);
        List<MetricDataQuery> queries = new ArrayList<>();
        queries.add(query(DELETED, queueName, "NumberOfMessagesDeleted", "Sum"));
        queries.add(query(OLDEST_AGE, queueName, "ApproximateAgeOfOldestMessage", "Maximum"));
        queries.add(query(SENT, queueName, "NumberOfMessagesSent", "Sum"));
        if (withWindow) {
            queries.add(query(IN_FLIGHT, queueName, "ApproximateNumberOfMessagesNotVisible", "Average"));
        }
        if (fifo) {
            queries.add(query(GROUPS_IN_FLIGHT, queueName, "ApproximateNumberOfGroupsWithInflightMessages", "Maximum"));
        }
        GetMetricDataResponse response;
        try {
            response = cloudWatch.getMetricData(r -> r.startTime(end.minus(period.multipliedBy(LOOKBACK_PERIODS)))
                    .endTime(end)
                    .scanBy(ScanBy.TIMESTAMP_DESCENDING).metricDataQueries(queries));
        } catch (SdkException e) {
            throw AwsErrorTranslator.translate(AwsCall.of(GET_METRIC_DATA, queueUrl, "MetricDataQueries"), e);
        }
        // One call answers every query (a page holds up to 100,800 datapoints; 15 minutes x 5 metrics is 75).
        Map<String, Map<Instant, Double>> byId = new HashMap<>();
        Instant latest = null;
        for (MetricDataResult result : response.metricDataResults()) {
            Map<Instant, Double> points = byId.computeIfAbsent(result.id(), id -> new HashMap<>());
            int n = Math.min(result.timestamps().size(), result.values().size());
            for (int i = 0; i < n; i++) {
                Instant at = result.timestamps().get(i);
                Double value = result.values().get(i);
                if (at == null || value == null || value.isNaN() || value < 0) {
                    continue;
                }
                points.put(at, value);
                if (latest == null || at.isAfter(latest)) {
                    latest = at;
                }
            }
        }
        if (latest == null) {
            return new QueueMetrics(end, seconds, OptionalLong.empty(), OptionalLong.empty(),
                    OptionalLong.empty(), fifo);
        }
        return new QueueMetrics(latest.plus(period), seconds, at(byId, DELETED, latest),
                at(byId, OLDEST_AGE, latest), at(byId, GROUPS_IN_FLIGHT, latest), fifo, at(byId, SENT, latest),
                withWindow ? window(byId) : Optional.empty());
    }

    /** The minutes that have both deletions and an in-flight count: their deletions and mean in-flight count. */
    static Optional<QueueMetrics.Window> window(Map<String, Map<Instant, Double>> byId) {
        return QueueMetrics.Window.ofMinutes(byId.getOrDefault(DELETED, Map.of()), byId.getOrDefault(IN_FLIGHT, Map.of()));
    }

    private static OptionalLong at(Map<String, Map<Instant, Double>> byId, String id, Instant minute) {
        Double value = byId.getOrDefault(id, Map.of()).get(minute);
        return value == null ? OptionalLong.empty() : OptionalLong.of(Math.round(value));
    }

    private MetricDataQuery query(String id, String queueName, String metric, String stat) {
        return MetricDataQuery.builder().id(id).returnData(true)
                .metricStat(s -> s.period((int) period.toSeconds()).stat(stat)
                        .metric(m -> m.namespace(NAMESPACE).metricName(metric)
                                .dimensions(Dimension.builder().name("QueueName").value(queueName).build())))
                .build();
    }

    /** The queue's name, CloudWatch's dimension: the last segment of its URL. */
    static String queueName(String queueUrl) {
        String url = queueUrl.trim();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        return url.substring(url.lastIndexOf('/') + 1);
    }
}
