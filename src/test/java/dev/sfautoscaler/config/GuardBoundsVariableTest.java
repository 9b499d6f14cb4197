package dev.sfautoscaler.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfautoscaler.core.GuardBounds;
import dev.sfautoscaler.core.error.AwsCallFailed;
import dev.sfautoscaler.core.error.OutsideGuardBounds;
import dev.sfautoscaler.core.port.GuardBoundsStore;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** AUTOSCALER_GUARD_BOUNDS as Terraform renders it, and every way it can be wrong. */
class GuardBoundsVariableTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FLEET = "sfr-0123abcd4567ef890";

    private static GuardBounds read(String value) {
        return GuardBoundsVariable.read(Optional.ofNullable(value), JSON);
    }

    @Test
    void boundsAsTerraformRendersThem() {
        GuardBounds bounds = read("{\"" + FLEET + "\": {\"min\": 2, \"max\": 6}}");

        assertDoesNotThrow(() -> bounds.check(FLEET, 2));
        assertDoesNotThrow(() -> bounds.check(FLEET, 6));
        assertThrows(OutsideGuardBounds.class, () -> bounds.check(FLEET, 7));
        assertThrows(OutsideGuardBounds.class, () -> bounds.check(FLEET, 1));
        assertEquals(Optional.empty(), bounds.warning());
    }

    @Test
    void unsetOrEmptyMeansNoGuardWithAWarning() {
        for (String value : new String[] {null, "", "  "}) {
            GuardBounds bounds = read(value);
            assertDoesNotThrow(() -> bounds.check(FLEET, 100_000));
            assertTrue(bounds.warning().orElseThrow().contains("AUTOSCALER_GUARD_BOUNDS is not set"));
        }
    }

    /** The state table as Terraform fills it: one item per fleet of the fleets map. */
    private static GuardBoundsStore table(Map<String, GuardBounds.Range> items) {
        return new GuardBoundsStore() {
            @Override
            public Optional<GuardBounds.Range> bounds(String fleetId) {
                return Optional.ofNullable(items.get(fleetId));
            }

            @Override
            public String whereFor(String fleetId) {
                return "item guard#" + fleetId + " in the state table 'autoscaler-state'";
            }
        };
    }

    @Test
    void stateTableLooksEachFleetUpInTheTable() {
        GuardBounds bounds = GuardBoundsVariable.read(Optional.of("state-table"), JSON,
                () -> Optional.of(table(Map.of(FLEET, new GuardBounds.Range(2, 6)))));

        assertDoesNotThrow(() -> bounds.check(FLEET, 6));
        OutsideGuardBounds above = assertThrows(OutsideGuardBounds.class, () -> bounds.check(FLEET, 7));
        assertTrue(above.getMessage().contains("2..6"), above.getMessage());
        OutsideGuardBounds stranger = assertThrows(OutsideGuardBounds.class, () -> bounds.check("sfr-other", 3));
        assertTrue(stranger.getMessage().contains("no item guard#sfr-other in the state table 'autoscaler-state'")
                && stranger.getMessage().contains("add the fleet to the deployment's fleets map"), stranger.getMessage());
        assertEquals(Optional.empty(), bounds.warning());
    }

    @Test
    void stateTableWithoutATableFailsEveryModify() {
        GuardBounds bounds = GuardBoundsVariable.read(Optional.of("state-table"), JSON, Optional::empty);

        AwsCallFailed e = assertThrows(AwsCallFailed.class, () -> bounds.check(FLEET, 3));

        assertTrue(e.getMessage().contains("NotConfigured") && e.getMessage().contains("AUTOSCALER_STATE_TABLE is not set"),
                e.getMessage());
    }

    @Test
    void theJsonFormNeverAsksForTheTable() {
        GuardBounds bounds = GuardBoundsVariable.read(Optional.of("{\"" + FLEET + "\": {\"min\": 2, \"max\": 6}}"),
                JSON, () -> {
                    throw new AssertionError("the state table was asked for");
                });

        assertDoesNotThrow(() -> bounds.check(FLEET, 3));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not JSON           | {sfr-0123abcd4567ef890: 2..6}                                    | is not JSON
            not an object      | [1, 2]                                                  | is not a JSON object
            bad fleet id       | {"": {"min": 1, "max": 2}}                              | is not a target id
            bounds not object  | {"sfr-0123abcd": 6}                                     | not an object with min and max
            max missing        | {"sfr-0123abcd": {"min": 1}}                            | the max of sfr-0123abcd is missing
            min as text        | {"sfr-0123abcd": {"min": "1", "max": 6}}                | the min of sfr-0123abcd is "1"
            fraction           | {"sfr-0123abcd": {"min": 1.5, "max": 6}}                | the min of sfr-0123abcd is 1.5
            negative           | {"sfr-0123abcd": {"min": -1, "max": 6}}                 | the min of sfr-0123abcd is -1
            min above max      | {"sfr-0123abcd": {"min": 7, "max": 6}}                  | above its max
            unknown field      | {"sfr-0123abcd": {"min": 1, "max": 6, "maximum": 9}}    | unknown field
            """)
    void aMalformedValueFailsEveryModifyAndSaysWhatIsWrong(String what, String value, String problem) {
        GuardBounds bounds = read(value);

        AwsCallFailed e = assertThrows(AwsCallFailed.class, () -> bounds.check(FLEET, 3));

        assertTrue(e.getMessage().contains("NotConfigured") && e.getMessage().contains(problem), e.getMessage());
    }
}
