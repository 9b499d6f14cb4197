package dev.sfautoscaler.testing;

import dev.sfautoscaler.testkit.AwsFixtures;
import dev.sfautoscaler.testkit.FaultProxy;
import dev.sfautoscaler.testkit.FixedMoto;
import dev.sfautoscaler.testkit.MotoServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts a fresh moto server and a {@link FaultProxy} in front of it for one Quarkus test
 * application (one test profile), and points the function's EC2, SNS and SQS clients at the
 * proxy. Works for {@code @QuarkusTest} (same JVM) and {@code @QuarkusIntegrationTest} (the
 * returned properties reach the packaged application as system properties).
 *
 * <p>Arguments: {@code topic} creates an SNS topic of that name and sets
 * {@code autoscaler.notify.topic-arn} to it; {@code stateTable} creates the state table of that
 * name and sets {@code autoscaler.state-table} ({@code AUTOSCALER_STATE_TABLE}) to it;
 * {@code guardedFleets} ({@code count:capacity:min:max}, with {@code stateTable}) creates that many
 * maintain fleets, writes their bounds into the state table as Terraform does and sets
 * {@code autoscaler.guard-bounds} ({@code AUTOSCALER_GUARD_BOUNDS}) to {@code state-table}.
 *
 * <p>Tests receive the pieces with {@code @InjectAws MotoServer moto;},
 * {@code @InjectAws FaultProxy proxy;}, {@code @InjectAws AwsFixtures aws;},
 * {@code @InjectAws GuardedFleets guarded;}.
 */
public class AwsEmulatorResource implements QuarkusTestResourceLifecycleManager {

    private String topic;
    private String stateTable;
    private String guardedFleetsSpec;
    /** moto with the test kit's fixes ({@code FixedMoto}: spot fleet scale-in, EC2 ModifyFleet). */
    private boolean fixedMoto;
    private GuardedFleets guardedFleets;
    private MotoServer moto;
    private FaultProxy proxy;
    private AwsFixtures fixtures;
    private final EmulatorClients clients = new EmulatorClients();

    @Override
    public void init(Map<String, String> initArgs) {
        topic = initArgs.get("topic");
        stateTable = initArgs.get("stateTable");
        guardedFleetsSpec = initArgs.get("guardedFleets");
        fixedMoto = Boolean.parseBoolean(initArgs.get("fixedMoto"));
    }

    @Override
    public Map<String, String> start() {
        moto = fixedMoto ? FixedMoto.start(motoWorkDir(), 0, Map.of()) : MotoServer.start();
        proxy = FaultProxy.start(moto.endpoint());
        fixtures = new AwsFixtures(moto.endpoint());
        Map<String, String> config = clients.pointAt(proxy.endpoint());
        if (topic != null && !topic.isBlank()) {
            config.put("autoscaler.notify.topic-arn", fixtures.createTopic(topic));
        }
        if (stateTable != null && !stateTable.isBlank()) {
            config.put("autoscaler.state-table", fixtures.createStateTable(stateTable));
        }
        if (guardedFleetsSpec != null && !guardedFleetsSpec.isBlank()) {
            guardedFleets = GuardedFleets.create(fixtures, stateTable, guardedFleetsSpec);
            config.put("autoscaler.guard-bounds", guardedFleets.variable());
        }
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(moto, new TestInjector.AnnotatedAndMatchesType(InjectAws.class, MotoServer.class));
        injector.injectIntoFields(proxy, new TestInjector.AnnotatedAndMatchesType(InjectAws.class, FaultProxy.class));
        injector.injectIntoFields(fixtures,
                new TestInjector.AnnotatedAndMatchesType(InjectAws.class, AwsFixtures.class));
        injector.injectIntoFields(guardedFleets,
                new TestInjector.AnnotatedAndMatchesType(InjectAws.class, GuardedFleets.class));
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
        clients.restore();
    }

    private static Path motoWorkDir() {
        try {
            return Files.createTempDirectory("sfautoscaler-moto-fixed");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
