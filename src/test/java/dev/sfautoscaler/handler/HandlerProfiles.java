package dev.sfautoscaler.handler;

import dev.sfautoscaler.testing.AwsEmulatorResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * One Quarkus test profile per function: each selects its handler as Lambda would
 * ({@code quarkus.lambda.handler}, i.e. {@code QUARKUS_LAMBDA_HANDLER}) and gets its own fresh
 * emulator behind a fault proxy.
 */
public final class HandlerProfiles {

    /** The topic the notify tests publish to. */
    public static final String TOPIC = "sfautoscaler-notifications";

    private HandlerProfiles() {
    }

    abstract static class Function implements QuarkusTestProfile {
        private final String handler;

        Function(String handler) {
            this.handler = handler;
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.handler", handler);
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(AwsEmulatorResource.class));
        }
    }

    public static class ReadCapacity extends Function {
        public ReadCapacity() {
            super("read-capacity");
        }
    }

    public static class Decide extends Function {
        public Decide() {
            super("decide");
        }
    }

    public static class Modify extends Function {
        public Modify() {
            super("modify");
        }
    }

    /** Modify again, with a fresh emulator for the fault-injection tests. */
    public static class ModifyFaults extends Function {
        public ModifyFaults() {
            super("modify");
        }
    }

    public static class Notify extends Function {
        public Notify() {
            super("notify");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(AwsEmulatorResource.class, Map.of("topic", TOPIC)));
        }
    }
}
