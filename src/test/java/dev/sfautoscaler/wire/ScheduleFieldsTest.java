package dev.sfautoscaler.wire;

import static dev.sfautoscaler.wire.WireObjectTest.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.sfautoscaler.core.ScalingPolicy;
import dev.sfautoscaler.core.error.InvalidInput;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The policy's schedules on the wire: read, written back the same, and each mistake named by its path. */
class ScheduleFieldsTest {

    static final String WINDOW = "{'name': 'morning', 'cron': '50 8 * * MON-FRI', 'timeZone': 'Europe/Paris',"
            + " 'durationMinutes': 120, 'minCapacity': 12}";

    @Test
    void aPolicyWithWindowsReadsAndWritesBackTheSame() {
        ScalingPolicy p = policy("{'minCapacity': 2, 'maxCapacity': 40, 'schedules': [" + WINDOW + ", {'name': 'night',"
                + " 'cron': '0 22 * * *', 'timeZone': 'UTC', 'durationMinutes': 480, 'maxCapacity': 4}]}");

        assertEquals(2, p.schedules().size());
        assertEquals("50 8 * * MON-FRI", p.schedules().get(0).cron().text());
        assertEquals(Optional.of(4), p.schedules().get(1).maxCapacity());
        JsonNode written = new ObjectMapper().registerModule(new Jdk8Module()).registerModule(WireModule.module())
                .valueToTree(p);
        assertEquals("Europe/Paris", written.get("schedules").get(0).get("timeZone").asText());
        assertEquals(false, written.get("schedules").get(0).has("maxCapacity"));
        assertEquals(p, PolicyFields.read(Optional.of(WireObject.input(written))));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "bad cron       | 'cron': '50 25 * * *'        | policy.schedules[0].cron            | in the hour field of '50 25 * * *', 25 is outside 0-23",
            "four fields    | 'cron': '50 8 * *'           | policy.schedules[0].cron            | must have 5 fields",
            "unknown zone   | 'timeZone': 'Mars/Olympus'   | policy.schedules[0].timeZone        | must be an IANA time zone",
            "zero minutes   | 'durationMinutes': 0         | policy.schedules[0].durationMinutes | must be from 1 to 44640",
            "min over max   | 'maxCapacity': 5             | policy.schedules[0].minCapacity     | must not exceed maxCapacity (12 > 5)",
            "neither bound  | 'minCapacity': null          | policy.schedules[0].minCapacity     | or maxCapacity is required",
            "above policy   | 'minCapacity': 41            | policy.schedules[0].minCapacity     | must not exceed policy.maxCapacity (41 > 40)",
            "unknown field  | 'minCapacityy': 3            | policy.schedules[0].minCapacityy    | is not a known field here",
            "no name        | 'name': null                 | policy.schedules[0].name            | is required",
    })
    void eachMistakeIsInvalidInputNamingItsField(String what, String change, String field, String problem) {
        String key = change.substring(0, change.indexOf(':'));
        String window = WINDOW.replaceAll(key + ": [^,}]+", change);
        if (!window.contains(change)) {
            window = WINDOW.replace("}", ", " + change + "}");
        }
        String w = window;
        InvalidInput e = assertThrows(InvalidInput.class,
                () -> policy("{'minCapacity': 2, 'maxCapacity': 40, 'schedules': [" + w + "]}"));

        assertEquals(field, e.field(), e.getMessage());
        assertEquals(true, e.problem().contains(problem), e.getMessage());
    }
}
