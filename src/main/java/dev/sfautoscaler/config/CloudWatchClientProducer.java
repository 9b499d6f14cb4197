package dev.sfautoscaler.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClientBuilder;

/**
 * The CloudWatch client with which {@code read-capacity} (and {@code check}) read the queue's metrics
 * for the throughput estimate, built as the EC2 client is (see {@link Ec2ClientProducer}): the
 * URL-connection HTTP client, the default credentials chain, the region from configuration or
 * {@code AWS_REGION}; EC2's endpoint override when it has none of its own (an emulator serves both).
 * Built on first use, so decide, modify and notify never build it.
 */
@ApplicationScoped
public class CloudWatchClientProducer {

    @Produces
    @Singleton
    CloudWatchClient cloudWatchClient(AutoscalerConfig config) {
        CloudWatchClientBuilder builder = CloudWatchClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(DefaultCredentialsProvider.builder().build());
        config.cloudwatch().region().or(() -> config.ec2().region()).map(Region::of).ifPresent(builder::region);
        config.cloudwatch().endpointOverride().or(() -> config.ec2().endpointOverride())
                .ifPresent(builder::endpointOverride);
        return builder.build();
    }

    void close(@Disposes CloudWatchClient client) {
        client.close();
    }
}
