package dev.sfautoscaler.statemachine;

import dev.sfautoscaler.testing.AwsFixtures;
import dev.sfautoscaler.testing.FaultProxy;
import dev.sfautoscaler.testing.InjectAws;
import dev.sfautoscaler.testing.LambdaInvokeServer;
import dev.sfautoscaler.testing.MotoServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole workflow on a laptop, for one Quarkus test application:
 * <pre>
 *   moto Step Functions --Lambda Invoke / aws-sdk calls--> LambdaInvokeServer --(other calls)--> moto
 *                                                               |
 *                                          the @Named handlers (this JVM) --> FaultProxy --> moto
 * </pre>
 * moto runs with {@code MOTO_PORT} = the invoke server's port, so its interpreter's task calls reach
 * the real handlers; the handlers' EC2, SQS and SNS clients go through the fault proxy, which
 * injects what moto cannot produce. The rendered definition is created as a Standard state machine
 * with execution enabled, and the notification topic has an SQS queue subscribed, as a user's
 * subscription would be.
 *
 * <p>Tests receive {@code @InjectAws WorkflowEmulator emulator;}.
 */
public class WorkflowEmulatorResource implements QuarkusTestResourceLifecycleManager {

    static final String TOPIC = "sfautoscaler-notifications";

    /** The SDK's default credentials chain reads these first; the EC2 client of the functions uses that chain. */
    private static final Map<String, String> SDK_SYSTEM_PROPERTIES = Map.of(
            "aws.accessKeyId", MotoServer.ACCESS_KEY,
            "aws.secretAccessKey", MotoServer.SECRET_KEY,
            "aws.region", MotoServer.REGION);

    private WorkflowEmulator emulator;
    private final Map<String, String> previous = new HashMap<>();

    @Override
    public Map<String, String> start() {
        LambdaInvokeServer lambda = LambdaInvokeServer.start(null);
        MotoServer moto = MotoServer.start(Map.of("MOTO_PORT", Integer.toString(lambda.port())));
        FaultProxy proxy = FaultProxy.start(moto.endpoint());
        lambda.forwardTo(moto.endpoint());
        moto.post("/moto-api/config", "{\"stepfunctions\": {\"execute_state_machine\": true}}");
        AwsFixtures aws = new AwsFixtures(moto.endpoint());
        String topicArn = aws.createTopic(TOPIC);
        String notifications = aws.subscribeQueue(topicArn, TOPIC + "-subscriber");
        AutoscalerWorkflow workflow = AutoscalerWorkflow.deploy(moto.endpoint(), MotoServer.REGION, MotoServer.ACCOUNT);
        emulator = new WorkflowEmulator(moto, proxy, lambda, aws, workflow, notifications);

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
        config.put("autoscaler.notify.topic-arn", topicArn);
        // The functions run in this JVM: the SDK reads system properties, not Quarkus config.
        SDK_SYSTEM_PROPERTIES.forEach((key, value) -> {
            previous.put(key, System.getProperty(key));
            System.setProperty(key, value);
        });
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(emulator,
                new TestInjector.AnnotatedAndMatchesType(InjectAws.class, WorkflowEmulator.class));
    }

    @Override
    public void stop() {
        if (emulator != null) {
            emulator.close();
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
