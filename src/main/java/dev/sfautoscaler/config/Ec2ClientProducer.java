package dev.sfautoscaler.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingClientBuilder;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;

/**
 * The EC2 client, and the Auto Scaling client beside it. There is no Quarkiverse extension for EC2, so this producer builds the plain
 * SDK client the same way the extension builds the SNS and SQS clients: the URL-connection HTTP
 * client (no Apache or Netty in the function), the default credentials chain, the region from
 * configuration or {@code AWS_REGION}. It is built on first use, at run time, never during a
 * native image's static initialisation.
 */
@ApplicationScoped
public class Ec2ClientProducer {

    @Produces
    @Singleton
    Ec2Client ec2Client(AutoscalerConfig config) {
        Ec2ClientBuilder builder = Ec2Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(DefaultCredentialsProvider.builder().build());
        config.ec2().region().map(Region::of).ifPresent(builder::region);
        config.ec2().endpointOverride().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    void close(@Disposes Ec2Client client) {
        client.close();
    }

    /** The Auto Scaling client, built the same way; EC2's endpoint override when it has none of its own. */
    @Produces
    @Singleton
    AutoScalingClient autoScalingClient(AutoscalerConfig config) {
        AutoScalingClientBuilder builder = AutoScalingClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(DefaultCredentialsProvider.builder().build());
        config.autoscaling().region().or(() -> config.ec2().region()).map(Region::of).ifPresent(builder::region);
        config.autoscaling().endpointOverride().or(() -> config.ec2().endpointOverride())
                .ifPresent(builder::endpointOverride);
        return builder.build();
    }

    void close(@Disposes AutoScalingClient client) {
        client.close();
    }
}
