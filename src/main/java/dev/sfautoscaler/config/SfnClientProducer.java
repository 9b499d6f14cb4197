package dev.sfautoscaler.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.SfnClientBuilder;

/**
 * The Step Functions client with which {@code check} starts the Standard workflow, built as the EC2
 * client is (see {@link Ec2ClientProducer}): the URL-connection HTTP client, the default credentials
 * chain, the region from configuration or {@code AWS_REGION}; EC2's endpoint override when it has
 * none of its own (an emulator serves both). Built on first use, so only check builds it.
 */
@ApplicationScoped
public class SfnClientProducer {

    @Produces
    @Singleton
    SfnClient sfnClient(AutoscalerConfig config) {
        SfnClientBuilder builder = SfnClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(DefaultCredentialsProvider.builder().build());
        config.stepfunctions().region().or(() -> config.ec2().region()).map(Region::of).ifPresent(builder::region);
        config.stepfunctions().endpointOverride().or(() -> config.ec2().endpointOverride())
                .ifPresent(builder::endpointOverride);
        return builder.build();
    }

    void close(@Disposes SfnClient client) {
        client.close();
    }
}
