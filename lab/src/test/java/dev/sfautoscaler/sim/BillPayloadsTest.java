package dev.sfautoscaler.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sfautoscaler.core.ModifyOutcome;
import dev.sfautoscaler.handler.NotifyOutput;
import dev.sfautoscaler.handler.ReadCapacityOutput;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The documents {@code ControlLoopBillIT} answers the state machine's tasks with have the fields of
 * the functions' outputs today: the bill is priced by their size, and a payload of an older shape
 * (notify's {@code sent}/{@code notSent} before {@code published}/{@code suppressed}/{@code reason})
 * would go on being billed unnoticed.
 */
class BillPayloadsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> payloads() {
        return Stream.of(Arguments.of("read-capacity.json", ReadCapacityOutput.class),
                Arguments.of("modify.json", ModifyOutcome.class), Arguments.of("notify.json", NotifyOutput.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void aPayloadHasTheFieldsOfTheFunctionsOutput(String payload, Class<? extends Record> output) throws IOException {
        Set<String> fields = new TreeSet<>();
        try (InputStream in = BillPayloadsTest.class.getResourceAsStream("/bill/" + payload)) {
            JsonNode document = JSON.readTree(in);
            document.fieldNames().forEachRemaining(fields::add);
        }
        Set<String> components = Arrays.stream(output.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));

        assertEquals(components, fields, "bill/" + payload + " against " + output.getSimpleName());
    }
}
