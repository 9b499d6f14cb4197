package dev.sfautoscaler.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts a fresh moto server and a {@link FaultProxy} in front of it for one Quarkus test
 * application (one test profile), and points the function's EC2, SNS and SQS clients at the
 * proxy. Works for {@code @QuarkusTest} (same JVM) and {@code @QuarkusIntegrationTest} (the
 * returned properties reach the packaged application as system properties).
 *
 * <p>Arguments: {@code topic} creates an SNS topic of that name and sets
 * {@code autoscaler.notify.topic-arn} to it.
 *
 * <p>Tests receive the pieces with {@code @InjectAws MotoServer moto;},
 * {@code @InjectAws FaultProxy proxy;}, {@code @InjectAws AwsFixtures aws;}.
 */
public class AwsEmulatorResource implements QuarkusTestResourceLifecycleManager {

    /** The SDK's default credentials chain reads these first; the function's EC2 client uses that chain. */
    private static final Map<String, String> SDK_SYSTEM_PROPERTIES = Map.of(
            "aws.accessKeyId", MotoServer.ACCESS_KEY,
            "aws.secretAccessKey", MotoServer.SECRET_KEY,
            "aws.region", MotoServer.REGION);

    private String topic;
    private MotoServer moto;
    private FaultProxy proxy;
    private AwsFixtures fixtures;
    private final Map<String, String> previous = new HashMap<>();

    @Override
    public void init(Map<String, String> initArgs) {
        topic = initArgs.get("topic");
    }

    @Override
    public Map<String, String> start() {
        moto = MotoServer.start();
        proxy = FaultProxy.start(moto.endpoint());
        fixtures = new AwsFixtures(moto.endpoint());
        String endpoint = proxy.endpoint().toString();

        Map<String, String> config = new HashMap<>(SDK_SYSTEM_PROPERTIES);
        config.put("autoscaler.ec2.endpoint-override", endpoint);
        config.put("autoscaler.ec2.region", MotoServer.REGION);
        for (String service : new String[] {"sns", "sqs"}) {
            config.put("quarkus." + service + ".endpoint-override", endpoint);
            config.put("quarkus." + service + ".aws.region", MotoServer.REGION);
            config.put("quarkus." + service + ".aws.credentials.type", "static");
            config.put("quarkus." + service + ".aws.credentials.static-provider.access-key-id", MotoServer.ACCESS_KEY);
            config.put("quarkus." + service + ".aws.credentials.static-provider.secret-access-key",
                    MotoServer.SECRET_KEY);
        }
        if (topic != null && !topic.isBlank()) {
            config.put("autoscaler.notify.topic-arn", fixtures.createTopic(topic));
        }
        // In @QuarkusTest the function runs in this JVM: the SDK reads system properties, not Quarkus config.
        SDK_SYSTEM_PROPERTIES.forEach((key, value) -> {
            previous.put(key, System.getProperty(key));
            System.setProperty(key, value);
        });
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(moto, new TestInjector.AnnotatedAndMatchesType(InjectAws.class, MotoServer.class));
        injector.injectIntoFields(proxy, new TestInjector.AnnotatedAndMatchesType(InjectAws.class, FaultProxy.class));
        injector.injectIntoFields(fixtures,
                new TestInjector.AnnotatedAndMatchesType(InjectAws.class, AwsFixtures.class));
    }

    @Override
    public void stop() {
        if (fixtures != null) {
            fixtures.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (moto != null) {
            moto.close();
        }
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
