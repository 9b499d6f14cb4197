package dev.sfautoscaler.config;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** AUTOSCALER_METRICS as the config mapping reads it: on by default, on or off, anything else refused. */
class MetricsSwitchTest {

    private static SmallRyeConfig config(Map<String, String> env) {
        return new SmallRyeConfigBuilder().withMapping(AutoscalerConfig.class)
                .withSources(new EnvConfigSource(env, 300)).build();
    }

    @Test
    void onWhenUnset() {
        assertThat(config(Map.of()).getConfigMapping(AutoscalerConfig.class).metrics(), is(MetricsSwitch.ON));
    }

    @ParameterizedTest
    @CsvSource({"on, ON", "off, OFF", "OFF, OFF"})
    void onOrOff(String value, MetricsSwitch expected) {
        assertThat(config(Map.of("AUTOSCALER_METRICS", value)).getConfigMapping(AutoscalerConfig.class).metrics(),
                is(expected));
    }

    @Test
    void anythingElseStopsTheStartNamingTheVariable() {
        RuntimeException e = assertThrows(RuntimeException.class, () -> config(Map.of("AUTOSCALER_METRICS", "yes")));
        assertThat(e.getMessage(), containsString("autoscaler.metrics"));
    }
}
