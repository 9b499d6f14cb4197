package dev.sfautoscaler.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The DynamoDB client of the state table, built as the EC2 client is (see {@link Ec2ClientProducer}):
 * the plain SDK client on the URL-connection HTTP client, the default credentials chain, the region
 * from configuration or {@code AWS_REGION}. Built on first use, and only when
 * {@code AUTOSCALER_STATE_TABLE} is set.
 */
@ApplicationScoped
public class DynamoDbClientProducer {

    @Produces
    @Singleton
    DynamoDbClient dynamoDbClient(AutoscalerConfig config) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(DefaultCredentialsProvider.builder().build());
        config.dynamodb().region().map(Region::of).ifPresent(builder::region);
        config.dynamodb().endpointOverride().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    void close(@Disposes DynamoDbClient client) {
        client.close();
    }
}
