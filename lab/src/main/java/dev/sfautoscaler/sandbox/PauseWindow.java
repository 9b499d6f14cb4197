package dev.sfautoscaler.sandbox;

import dev.sfautoscaler.core.FleetSnapshot;
import dev.sfautoscaler.testkit.AwsFixtures;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code PAUSE_AT=mm:ss[-mm:ss]}: at that sandbox time the fleet gets the pause tag
 * ({@link FleetSnapshot#PAUSE_TAG}), as an operator would put it on with {@code aws ec2 create-tags},
 * and at the end of the range it is deleted again; the minute lines in between show {@code PAUSED}.
 *
 * @param fromSecond simulated second the tag goes on
 * @param toSecond   simulated second it comes off; empty to keep it to the end of the run
 */
record PauseWindow(long fromSecond, OptionalLong toSecond) {

    static final String REASON = "sandbox PAUSE_AT";
    private static final Pattern FORM = Pattern.compile("(\\d{1,4}):([0-5]\\d)(?:-(\\d{1,4}):([0-5]\\d))?");

    /** Reads {@code mm:ss} or {@code mm:ss-mm:ss}; anything else is an {@link IllegalArgumentException} saying the form. */
    static PauseWindow parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("--pause-at must be mm:ss or mm:ss-mm:ss of sandbox time (e.g. 20:00 or"
                    + " 20:00-30:00); got '" + text + "'");
        }
        long from = Long.parseLong(m.group(1)) * 60 + Long.parseLong(m.group(2));
        if (m.group(3) == null) {
            return new PauseWindow(from, OptionalLong.empty());
        }
        long to = Long.parseLong(m.group(3)) * 60 + Long.parseLong(m.group(4));
        if (to <= from) {
            throw new IllegalArgumentException("--pause-at must end after it starts; got '" + text + "'");
        }
        return new PauseWindow(from, OptionalLong.of(to));
    }

    /** Puts the tag on and takes it off at the window's times, once each, and says so on the console. */
    static final class Switch {
        private final PauseWindow window;
        private final AwsFixtures aws;
        private final String fleetId;
        private final ConsolePrinter console;
        private boolean on;
        private boolean done;

        Switch(PauseWindow window, AwsFixtures aws, String fleetId, ConsolePrinter console) {
            this.window = window;
            this.aws = aws;
            this.fleetId = fleetId;
            this.console = console;
        }

        void tick(double now) {
            if (!on && !done && now >= window.fromSecond()) {
                aws.ec2().createTags(r -> r.resources(fleetId)
                        .tags(t -> t.key(FleetSnapshot.PAUSE_TAG).value(REASON)));
                on = true;
                console.event(now, String.format(Locale.ROOT, "pause    tagged %s %s=%s (aws ec2 create-tags): every"
                        + " decision is PAUSED until the tag is deleted", fleetId, FleetSnapshot.PAUSE_TAG, REASON));
            }
            if (on && window.toSecond().isPresent() && now >= window.toSecond().getAsLong()) {
                aws.ec2().deleteTags(r -> r.resources(fleetId).tags(t -> t.key(FleetSnapshot.PAUSE_TAG)));
                on = false;
                done = true;
                console.event(now, "resume   deleted the tag " + FleetSnapshot.PAUSE_TAG + " from " + fleetId
                        + " (aws ec2 delete-tags): the next decision scales again");
            }
        }
    }
}
