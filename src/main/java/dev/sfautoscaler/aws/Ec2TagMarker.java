package dev.sfautoscaler.aws;

import dev.sfautoscaler.aws.AwsErrorTranslator.AwsCall;
import dev.sfautoscaler.core.LastChange;
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
 * at creation.
 */
final class Ec2TagMarker {

    private static final String DESCRIBE_TAGS = "EC2 DescribeTags";
    private static final String CREATE_TAGS = "EC2 CreateTags";

    private final Ec2Client ec2;
    private final String markerTagKey;

    Ec2TagMarker(Ec2Client ec2, String markerTagKey) {
        this.ec2 = ec2;
        this.markerTagKey = markerTagKey;
    }

    Optional<LastChange> read(String fleetId) {
        DescribeTagsResponse tags;
        try {
            tags = ec2.describeTags(r -> r.filters(
                    Filter.builder().name("resource-id").values(fleetId).build(),
                    Filter.builder().name("key").values(markerTagKey).build()));
        } catch (SdkException e) {
            throw AwsErrorTranslator.translate(AwsCall.of(DESCRIBE_TAGS, fleetId, "Filter"), e);
        }
        return tags.tags().stream()
                .filter(t -> markerTagKey.equals(t.key()) && fleetId.equals(t.resourceId()))
                .map(TagDescription::value)
                .findFirst()
                .flatMap(LastChange::fromMarker);
    }

    void write(String fleetId, LastChange change) {
        try {
            ec2.createTags(r -> r.resources(fleetId)
                    .tags(Tag.builder().key(markerTagKey).value(change.toMarker()).build()));
        } catch (SdkException e) {
            throw AwsErrorTranslator.translate(AwsCall.of(CREATE_TAGS, fleetId, "Tag", "ResourceId"), e);
        }
    }
}
