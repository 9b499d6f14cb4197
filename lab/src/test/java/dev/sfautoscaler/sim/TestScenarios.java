package dev.sfautoscaler.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Small scenarios for the simulator's tests, written as the JSON a user would write. */
final class TestScenarios {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestScenarios() {
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Scenario parse(String text) {
        return ScenarioLoader.parse(json(text), "test", "test.json", Path.of("."));
    }

    /** Half an hour: quiet, a surge, quiet; some interruptions and a short storm. */
    static Scenario churn(long seed) {
        return parse("""
                {"name": "churn", "seed": %d, "sloWaitSeconds": 120, "durationSeconds": 1800,
                 "arrivals": {"segments": [{"seconds": 300, "rate": 2}, {"seconds": 600, "rate": 12},
                                           {"seconds": 900, "rate": 1}]},
                 "plant": {"processingSeconds": 2, "initialCapacity": 3, "visibilityTimeoutSeconds": 20,
                           "drainSeconds": 1,
                           "interruptions": {"perInstanceHour": 0.5,
                                             "storms": [{"startSecond": 600, "endSecond": 900, "perInstanceHour": 6}]}},
                 "policy": {"minCapacity": 1, "maxCapacity": 40}}
                """.formatted(seed));
    }

    static Policies.Spec spec(String text) {
        return Policies.spec(json(text), "test-policy.json", "");
    }
}
