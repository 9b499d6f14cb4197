package dev.sfautoscaler.aws;

import dev.sfautoscaler.aws.AwsErrorTranslator.AwsCall;
import dev.sfautoscaler.core.FleetSnapshot;
import dev.sfautoscaler.core.LastChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import dev.sfautoscaler.core.ThroughputEstimate;
import dev.sfautoscaler.core.error.InvalidInput;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeTagsResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagDescription;

/**
 * The last-change marker as an EC2 tag on a fleet (a spot fleet request or an EC2 Fleet): written
 * with CreateTags, read with DescribeTags, because the describe calls may show only the tags given
 * at creation. The same DescribeTags call reads the pause tag ({@link FleetSnapshot#PAUSE_TAG}),
 * which an operator puts on with {@code aws ec2 create-tags}: no extra call, no extra permission, and
 * the learned throughput ({@link #THROUGHPUT_TAG}), which read-capacity writes beside the marker, and the
 * start of a drain under way ({@link FleetSnapshot#DRAIN_STARTED_TAG}), which the drain function writes and removes.
 */
final class Ec2TagMarker {

    private static final String DESCRIBE_TAGS = "EC2 DescribeTags";
    private static final String CREATE_TAGS = "EC2 CreateTags";

    /**
     * The tag that keeps a target's learned throughput per capacity unit across executions
     * ({@code ThroughputEstimate#toWire}), on every kind of target; Terraform lets read-capacity and
     * check write this key and no other.
     */
    static final String THROUGHPUT_TAG = "sfautoscaler:throughput";

    private final Ec2Client ec2;
    private final String markerTagKey;

    Ec2TagMarker(Ec2Client ec2, String markerTagKey) {
        this.ec2 = ec2;
        this.markerTagKey = markerTagKey;
    }

    /**
     * What the fleet's tags say: its last-change marker, the pause tag's value when it has one, and the
     * stored throughput estimate as written (read by the core).
     */
    record Tags(Optional<LastChange> lastChange, Optional<String> pausedBy, Optional<String> throughput,
            Optional<Instant> drainStartedAt) {
    }

    Tags read(String fleetId) {
        DescribeTagsResponse tags;
        try {
            tags = ec2.describeTags(r -> r.filters(
                    Filter.builder().name("resource-id").values(fleetId).build(),
                    Filter.builder().name("key").values(markerTagKey, FleetSnapshot.PAUSE_TAG, THROUGHPUT_TAG,
                            FleetSnapshot.DRAIN_STARTED_TAG).build()));
        } catch (SdkException e) {
            throw AwsErrorTranslator.translate(AwsCall.of(DESCRIBE_TAGS, fleetId, "Filter"), e);
        }
        List<TagDescription> own = tags.tags().stream().filter(t -> fleetId.equals(t.resourceId())).toList();
        return tags(own);
    }

    /**
     * The stored estimate, when the tag holds one: a value that is not one (edited by hand, another version)
     * counts as none, and the next reading starts a new estimate.
     */
    static Optional<ThroughputEstimate> estimate(Optional<String> tagValue) {
        try {
            return tagValue.map(ThroughputEstimate::fromWire);
        } catch (InvalidInput e) {
            return Optional.empty();
        }
    }

    /**
     * The tags of several fleets in one DescribeTags (as many pages as it takes), by fleet id; a fleet
     * without a tag reads as none. Throws as {@link #read} does.
     */
    Map<String, Tags> readAll(List<String> fleetIds) {
        List<TagDescription> all = new ArrayList<>();
        try {
            String token = null;
            do {
                String next = token;
                DescribeTagsResponse page = ec2.describeTags(r -> r.nextToken(next).filters(
                        Filter.builder().name("resource-id").values(fleetIds).build(),
                        Filter.builder().name("key").values(markerTagKey, FleetSnapshot.PAUSE_TAG, THROUGHPUT_TAG,
                                FleetSnapshot.DRAIN_STARTED_TAG).build()));
                all.addAll(page.tags());
                token = page.nextToken();
            } while (token != null && !token.isEmpty());
        } catch (SdkException e) {
            throw AwsErrorTranslator.translate(AwsCall.of(DESCRIBE_TAGS, String.join(",", fleetIds), "Filter"), e);
        }
        Map<String, Tags> out = new HashMap<>();
        for (String id : fleetIds) {
            List<TagDescription> own = all.stream().filter(t -> id.equals(t.resourceId())).toList();
            out.put(id, tags(own));
        }
        return out;
    }

    private Tags tags(List<TagDescription> own) {
        return new Tags(value(own, markerTagKey).flatMap(LastChange::fromMarker),
                value(own, FleetSnapshot.PAUSE_TAG).map(v -> v == null ? "" : v), value(own, THROUGHPUT_TAG),
                FleetSnapshot.drainStartedAt(value(own, FleetSnapshot.DRAIN_STARTED_TAG)));
    }

    private static Optional<String> value(List<TagDescription> tags, String key) {
        return tags.stream().filter(t -> key.equals(t.key())).map(t -> t.value() == null ? "" : t.value()).findFirst();
    }

    void write(String fleetId, LastChange change) {
        write(fleetId, markerTagKey, change.toMarker());
    }

    /** Writes the throughput estimate's tag ({@link #THROUGHPUT_TAG}). */
    void writeThroughput(String fleetId, String estimate) {
        write(fleetId, THROUGHPUT_TAG, estimate);
    }

    private void write(String fleetId, String key, String value) {
        try {
            ec2.createTags(r -> r.resources(fleetId).tags(Tag.builder().key(key).value(value).build()));
        } catch (SdkException e) {
            throw AwsErrorTranslator.translate(AwsCall.of(CREATE_TAGS, fleetId, "Tag", "ResourceId"), e);
        }
    }
}
