package dev.sfautoscaler.statemachine;

import dev.sfautoscaler.testkit.AutoscalerWorkflow;
import dev.sfautoscaler.testkit.AwsFixtures;
import dev.sfautoscaler.testing.EmulatorClients;
import dev.sfautoscaler.testkit.FaultProxy;
import dev.sfautoscaler.testkit.FixedMoto;
import dev.sfautoscaler.testing.InjectAws;
import dev.sfautoscaler.testkit.LambdaInvokeServer;
import dev.sfautoscaler.testkit.MotoServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
    /** The state table (fleet leases, failure alerts), as Terraform deploys it for the functions. */
    static final String STATE_TABLE = "sfautoscaler-state";

    private WorkflowEmulator emulator;
    private final EmulatorClients clients = new EmulatorClients();

    @Override
    public Map<String, String> start() {
        LambdaInvokeServer lambda = LambdaInvokeServer.start(null);
        // moto with the test kit's fixes (EC2 ModifyFleet, spot fleet scale-in, weighted groups).
        MotoServer moto;
        try {
            moto = FixedMoto.start(Files.createTempDirectory("sfautoscaler-workflow-moto"), 0,
                    Map.of("MOTO_PORT", Integer.toString(lambda.port())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        FaultProxy proxy = FaultProxy.start(moto.endpoint());
        lambda.forwardTo(moto.endpoint());
        moto.post("/moto-api/config", "{\"stepfunctions\": {\"execute_state_machine\": true}}");
        AwsFixtures aws = new AwsFixtures(moto.endpoint());
        String topicArn = aws.createTopic(TOPIC);
        String notifications = aws.subscribeQueue(topicArn, TOPIC + "-subscriber");
        AutoscalerWorkflow workflow = AutoscalerWorkflow.deploy(moto.endpoint(), MotoServer.REGION, MotoServer.ACCOUNT);
        emulator = new WorkflowEmulator(moto, proxy, lambda, aws, workflow, notifications);

        // The handlers run in this JVM, behind the invoke server; their clients go through the proxy.
        Map<String, String> config = clients.pointAt(proxy.endpoint());
        config.put("autoscaler.notify.topic-arn", topicArn);
        config.put("autoscaler.state-table", aws.createStateTable(STATE_TABLE));
        // check starts this state machine (AUTOSCALER_STATE_MACHINE_ARN, from Terraform).
        config.put("autoscaler.state-machine-arn", workflow.stateMachineArn());
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
        clients.restore();
    }
}
