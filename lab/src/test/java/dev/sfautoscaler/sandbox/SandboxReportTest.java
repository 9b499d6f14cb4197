package dev.sfautoscaler.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SandboxReportTest {

    @Test
    void repeatedRoundsAreWrittenOnce() {
        List<String> states = new ArrayList<>(List.of("Prepare", "ApplyDefaults"));
        for (int i = 0; i < 3; i++) {
            states.addAll(List.of("ReadCapacity", "Decide", "Notify", "WaitForSettle"));
        }
        states.addAll(List.of("ReadCapacity", "Decide", "NoChange"));
        assertEquals("Prepare > ApplyDefaults > (ReadCapacity > Decide > Notify > WaitForSettle) x3 > ReadCapacity > "
                + "Decide > NoChange", SandboxReport.compress(states));
    }

    @Test
    void aSequenceWithoutRepeatsStaysAsItIs() {
        assertEquals("Prepare > ApplyDefaults > ReadCapacity > Decide > ScaleNeeded? > NoChange", SandboxReport.compress(
                List.of("Prepare", "ApplyDefaults", "ReadCapacity", "Decide", "ScaleNeeded?", "NoChange")));
    }
}
