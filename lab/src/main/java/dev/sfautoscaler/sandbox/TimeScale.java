package dev.sfautoscaler.sandbox;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compressed time. Everything runs on the real clock (moto's Step Functions waits in real time,
 * the functions read the real clock), so every time constant of the deployment is divided by
 * {@code speed} (simulated seconds per real second), and what is shown is simulated time: real time
 * elapsed x speed. A constant that must be whole seconds and not zero (cooldowns, settleSeconds,
 * SQS visibility) is rounded, and at least one second; {@link #effective} says what it then is in
 * simulated seconds.
 */
final class TimeScale {

    private static final Pattern SECONDS = Pattern.compile("\\b(\\d+) s\\b");

    private final double speed;
    private volatile long startNanos;

    TimeScale(double speed) {
        if (!(speed >= 1 && speed <= 600)) {
            throw new SandboxException("SPEED must be between 1 and 600 simulated seconds per real second; got "
                    + speed);
        }
        this.speed = speed;
        this.startNanos = System.nanoTime();
    }

    double speed() {
        return speed;
    }

    /** Simulated time starts now. */
    void start() {
        startNanos = System.nanoTime();
    }

    /** Simulated seconds since {@link #start()}. */
    double now() {
        return (System.nanoTime() - startNanos) / 1e9 * speed;
    }

    /** The real nanoTime at which simulated second {@code simSeconds} happens. */
    long nanosAt(double simSeconds) {
        return startNanos + (long) (simSeconds / speed * 1e9);
    }

    /** A simulated duration in real nanoseconds. */
    long realNanos(double simSeconds) {
        return (long) (simSeconds / speed * 1e9);
    }

    /** A simulated setting in whole real seconds: 0 stays 0, anything else at least 1. */
    long wholeRealSeconds(double simSeconds) {
        if (simSeconds <= 0) {
            return 0;
        }
        return Math.max(1, Math.round(simSeconds / speed));
    }

    /** What a setting of {@code simSeconds} becomes after {@link #wholeRealSeconds}, in simulated seconds. */
    long effective(double simSeconds) {
        return Math.round(wholeRealSeconds(simSeconds) * speed);
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour on. */
    static String clock(double simSeconds) {
        long s = (long) Math.floor(Math.max(0, simSeconds));
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /**
     * A function's sentence with its times ("changed 1 s ago") in simulated seconds: the functions
     * run on the real clock with compressed settings and count whole real seconds, so above one
     * simulated second per real second a time is only known to {@code speed} seconds: 0 becomes
     * "under 60 s", 2 becomes "about 120 s".
     */
    String simulated(String sentence) {
        if (speed == 1) {
            return sentence;
        }
        long quantum = Math.round(speed);
        Matcher m = SECONDS.matcher(sentence);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            long real = Long.parseLong(m.group(1));
            m.appendReplacement(out, real == 0 ? "under " + quantum + " s" : "about " + Math.round(real * speed) + " s");
        }
        m.appendTail(out);
        return out.toString();
    }
}
