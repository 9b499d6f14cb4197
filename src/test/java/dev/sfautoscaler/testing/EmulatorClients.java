package dev.sfautoscaler.testing;

import dev.sfautoscaler.testkit.MotoServer;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * Points the functions' EC2, DynamoDB, SNS and SQS clients at an emulator endpoint, for a Quarkus test
 * resource: the Quarkus configuration it returns, and the AWS SDK system properties that the
 * EC2 and DynamoDB clients' default credentials chain reads first. The functions of a {@code @QuarkusTest} run
 * in the test's JVM, where the SDK reads system properties, not Quarkus config, so those are set
 * here too and {@link #restore()} puts back what was there before.
 */
public final class EmulatorClients {

    private static final Map<String, String> SDK_SYSTEM_PROPERTIES = Map.of(
            "aws.accessKeyId", MotoServer.ACCESS_KEY,
            "aws.secretAccessKey", MotoServer.SECRET_KEY,
            "aws.region", MotoServer.REGION);

    private final Map<String, String> previous = new HashMap<>();

    /** The configuration that points every client at {@code endpoint}; sets the SDK system properties. */
    public Map<String, String> pointAt(URI endpoint) {
        Map<String, String> config = new HashMap<>(SDK_SYSTEM_PROPERTIES);
        config.put("autoscaler.ec2.endpoint-override", endpoint.toString());
        config.put("autoscaler.ec2.region", MotoServer.REGION);
        config.put("autoscaler.dynamodb.endpoint-override", endpoint.toString());
        config.put("autoscaler.dynamodb.region", MotoServer.REGION);
        for (String service : new String[] {"sns", "sqs"}) {
            config.put("quarkus." + service + ".endpoint-override", endpoint.toString());
            config.put("quarkus." + service + ".aws.region", MotoServer.REGION);
            config.put("quarkus." + service + ".aws.credentials.type", "static");
            config.put("quarkus." + service + ".aws.credentials.static-provider.access-key-id", MotoServer.ACCESS_KEY);
            config.put("quarkus." + service + ".aws.credentials.static-provider.secret-access-key",
                    MotoServer.SECRET_KEY);
        }
        SDK_SYSTEM_PROPERTIES.forEach((key, value) -> {
            previous.putIfAbsent(key, System.getProperty(key));
            System.setProperty(key, value);
        });
        return config;
    }

    /** Puts back the system properties {@link #pointAt} replaced. */
    public void restore() {
        previous.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
        previous.clear();
    }
}
