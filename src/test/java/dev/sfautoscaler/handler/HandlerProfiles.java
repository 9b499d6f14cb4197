package dev.sfautoscaler.handler;

import dev.sfautoscaler.testing.AwsEmulatorResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * One Quarkus test profile per function: each selects its handler as Lambda would
 * ({@code quarkus.lambda.handler}, i.e. {@code QUARKUS_LAMBDA_HANDLER}) and gets its own fresh
 * emulator behind a fault proxy, with the state table ({@code AUTOSCALER_STATE_TABLE}) as Terraform
 * deploys it for read-capacity, modify and notify.
 */
public final class HandlerProfiles {

    /** The topic the notify tests publish to. */
    public static final String TOPIC = "sfautoscaler-notifications";
    /** The state table of the functions that use one. */
    public static final String STATE_TABLE = "sfautoscaler-state";

    private HandlerProfiles() {
    }

    abstract static class Function implements QuarkusTestProfile {
        private final String handler;
        private final Map<String, String> emulator;

        Function(String handler) {
            this(handler, Map.of("stateTable", STATE_TABLE));
        }

        Function(String handler, Map<String, String> emulator) {
            this.handler = handler;
            this.emulator = emulator;
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.handler", handler);
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(AwsEmulatorResource.class, emulator));
        }
    }

    /** read-capacity on moto with the test kit's fixes, which give it CloudWatch's GetMetricData in the SDK's protocol. */
    public static class ReadCapacity extends Function {
        public ReadCapacity() {
            super("read-capacity", Map.of("stateTable", STATE_TABLE, "fixedMoto", "true"));
        }
    }

    public static class Decide extends Function {
        public Decide() {
            super("decide", Map.of());
        }
    }

    /** Modify on moto with the test kit's fixes, which give it EC2's ModifyFleet for the EC2 Fleet tests. */
    public static class Modify extends Function {
        public Modify() {
            super("modify", Map.of("stateTable", STATE_TABLE, "fixedMoto", "true"));
        }
    }

    /** Modify again, with a fresh emulator for the fault-injection tests. */
    public static class ModifyFaults extends Function {
        public ModifyFaults() {
            super("modify");
        }
    }

    /**
     * Modify with the deployment's guard bounds ({@code AUTOSCALER_GUARD_BOUNDS}): three fleets at 3,
     * each bounded to 2..6.
     */
    public static class ModifyGuarded extends Function {
        public ModifyGuarded() {
            super("modify", Map.of("stateTable", STATE_TABLE, "guardedFleets", "3:3:2:6"));
        }
    }

    public static class Notify extends Function {
        public Notify() {
            super("notify", Map.of("topic", TOPIC, "stateTable", STATE_TABLE));
        }
    }

    /** Notify with a clock the test moves (a simulated day of failures). */
    public static class NotifyOverADay extends Function {
        public NotifyOverADay() {
            super("notify", Map.of("topic", TOPIC, "stateTable", STATE_TABLE));
        }

        @Override
        public java.util.Set<Class<?>> getEnabledAlternatives() {
            return java.util.Set.of(dev.sfautoscaler.testing.MovableClock.class);
        }
    }
}
