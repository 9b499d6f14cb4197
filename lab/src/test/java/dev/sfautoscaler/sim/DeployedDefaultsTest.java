package dev.sfautoscaler.sim;

import static dev.sfautoscaler.sim.RepoText.block;
import static dev.sfautoscaler.sim.RepoText.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's {@code ours-default} is what {@code terraform apply} deploys without options: the
 * Terraform defaults (root module, queue-alarms module) and the state machine's workflow defaults,
 * read from the files themselves, against the settings the simulator runs. Change a default in one
 * place only and this fails.
 */
class DeployedDefaultsTest {

    /** The default of {@code field = optional(type, default)} in a Terraform type, null when it has none. */
    private static String optionalDefault(String block, String field) {
        Matcher m = Pattern.compile("\\b" + field + "\\s*=\\s*optional\\(\\w+(?:,\\s*(\"[^\"]*\"|[^)]+))?\\)").matcher(block);
        assertTrue(m.find(), "no optional " + field + " in " + block);
        return m.group(1) == null ? null : m.group(1).trim().replace("\"", "");
    }

    private static String comparisonOf(String alarmsMain, String resource) {
        Matcher m = Pattern.compile("comparison_operator\\s*=\\s*\"(\\w+)\"")
                .matcher(block(alarmsMain, "resource \"aws_cloudwatch_metric_alarm\" \"" + resource + "\""));
        assertTrue(m.find(), resource);
        return m.group(1);
    }

    private static Scenario steady() {
        return ScenarioLoader.load(Path.of("scenarios", "bench", "steady.json"));
    }

    private static OurWorkflow oursDefault() {
        Policies.Spec spec = Policies.load(Path.of("scenarios", "policies.json")).stream()
                .filter(p -> p.name().equals(BenchReport.OURS)).findFirst().orElseThrow();
        return (OurWorkflow) spec.create(steady());
    }

    private static void assertSameAlarm(String block, String comparison, OurWorkflow.AlarmSettings alarm,
            String threshold) {
        assertNotNull(alarm, "Terraform creates this alarm by default");
        assertEquals(List.of(CloudWatch.VISIBLE), alarm.metrics());
        assertEquals(optionalDefault(block, "statistic"), alarm.statistic().name());
        assertEquals(optionalDefault(block, "period"), Integer.toString(alarm.periodSeconds()));
        assertEquals(optionalDefault(block, "evaluation_periods"), Integer.toString(alarm.evaluationPeriods()));
        // Unset, CloudWatch takes datapoints to alarm = evaluation periods.
        assertEquals(null, optionalDefault(block, "datapoints_to_alarm"));
        assertEquals(alarm.evaluationPeriods(), alarm.datapointsToAlarm());
        assertEquals(optionalDefault(block, "treat_missing_data"), alarm.treatMissingData().wireName);
        assertEquals(comparison, alarm.comparison().name());
        assertEquals(threshold, CloudWatch.fmt(alarm.thresholdFor(oursDefault().policy())));
    }

    @Test
    void oursDefaultHasTheScheduleAndBothAlarmsThatTerraformCreatesByDefault() throws IOException {
        String fleets = block(read("terraform/variables.tf"), "variable \"fleets\"");
        assertEquals("true", optionalDefault(fleets, "enable_schedule"));
        assertEquals("rate(1 minute)", optionalDefault(fleets, "schedule_expression"));
        assertEquals("true", optionalDefault(fleets, "create_alarms"));
        assertEquals("true", optionalDefault(fleets, "create_scale_in_alarm"));
        OurWorkflow ours = oursDefault();
        assertEquals(60, ours.workflow().scheduleSeconds(), "rate(1 minute)");
        assertNotNull(ours.scaleOutAlarm());
        assertNotNull(ours.scaleInAlarm());
    }

    @Test
    void oursDefaultSizesByTheWaitAsTerraformDoesByDefault() throws IOException {
        // Terraform's default target_wait_seconds is steady's SLO, which ours-default takes as its target wait
        // (on every scenario the scenario's SLO: the one setting a user states, as its bounds).
        String fleets = block(read("terraform/variables.tf"), "variable \"fleets\"");
        long slo = steady().sloWaitSeconds();
        assertEquals(Long.toString(slo), optionalDefault(fleets, "target_wait_seconds"));
        assertEquals(Optional.of(slo), oursDefault().policy().targetWaitSeconds());
    }

    @Test
    void oursDefaultAlarmsAreTheQueueAlarmsModuleDefaults() throws IOException {
        String root = read("terraform/main.tf");
        // The root passes the fleet's backlogPerUnit as the scale-out threshold and watches visible messages.
        assertTrue(root.contains("threshold = coalesce(each.value.policy.backlog_per_unit, 100)"), "scale-out threshold");
        assertTrue(root.contains("coalesce(each.value.alarms.metric_name, \"ApproximateNumberOfMessagesVisible\")"));
        String variables = read("terraform/modules/queue-alarms/variables.tf");
        String main = read("terraform/modules/queue-alarms/main.tf");
        OurWorkflow ours = oursDefault();
        assertSameAlarm(block(variables, "variable \"scale_out\""), comparisonOf(main, "scale_out"),
                ours.scaleOutAlarm(), Long.toString(ours.policy().backlogPerUnit()));
        String scaleIn = block(variables, "variable \"scale_in\"");
        assertSameAlarm(scaleIn, comparisonOf(main, "scale_in"), ours.scaleInAlarm(),
                optionalDefault(scaleIn, "threshold"));
    }

    @Test
    void oursDefaultWorkflowSettingsAreTheStateMachineDefaults() throws IOException {
        JsonNode settings = new ObjectMapper().readTree(DefinitionWalk.DEFINITION.toFile())
                .path("States").path("Prepare").path("Parameters").path("state").path("loop").path("settings");
        OurWorkflow ours = oursDefault();
        assertEquals(settings.path("settleSeconds").asLong(-1), ours.workflow().settleSeconds());
        assertEquals(settings.path("maxRounds").asInt(-1), ours.workflow().maxRounds());
    }
}
