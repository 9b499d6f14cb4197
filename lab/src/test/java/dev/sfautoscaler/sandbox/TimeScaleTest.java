package dev.sfautoscaler.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TimeScaleTest {

    @Test
    void settingsAreDividedByTheSpeedInWholeSecondsNeverZeroUnlessZero() {
        TimeScale t = new TimeScale(60);
        assertEquals(1, t.wholeRealSeconds(60));
        assertEquals(2, t.wholeRealSeconds(120));
        assertEquals(1, t.wholeRealSeconds(10));
        assertEquals(0, t.wholeRealSeconds(0));
        assertEquals(60, t.effective(10), "10 s becomes one real second, 60 simulated");
    }

    @Test
    void aFunctionsSecondsAreShownSimulatedToTheirPrecision() {
        assertEquals("changed about 120 s ago and the scale-in cooldown has about 60 s left",
                new TimeScale(60).simulated("changed 2 s ago and the scale-in cooldown has 1 s left"));
        assertEquals("the fleet scaled out under 60 s ago", new TimeScale(60).simulated("the fleet scaled out 0 s ago"),
                "a whole real second is a minute here: zero real seconds is not zero simulated seconds");
        assertEquals("changed 2 s ago", new TimeScale(1).simulated("changed 2 s ago"), "real time is exact");
    }

    @Test
    void clockShowsMinutesAndHours() {
        assertEquals("0:00", TimeScale.clock(0));
        assertEquals("12:30", TimeScale.clock(750));
        assertEquals("1:00:00", TimeScale.clock(3600));
    }

    @Test
    void aSpeedOutsideTheRangeIsOneSentence() {
        assertEquals("SPEED must be between 1 and 600 simulated seconds per real second; got 0.5",
                assertThrows(SandboxException.class, () -> new TimeScale(0.5)).getMessage());
    }
}
