package dev.sfautoscaler.sim;

import java.util.PriorityQueue;

/**
 * The discrete-event core: a time-ordered queue of actions in simulated milliseconds. Actions
 * scheduled for the same instant run in the order they were scheduled, so a run is a pure
 * function of its inputs and seed.
 */
final class EventLoop {

    private record Entry(long at, long seq, Runnable action) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private long now;
    private long seq;

    /** Simulated time in milliseconds since the start of the run. */
    long now() {
        return now;
    }

    void at(long atMillis, Runnable action) {
        if (atMillis < now) {
            throw new IllegalStateException("cannot schedule in the past: " + atMillis + " < " + now);
        }
        queue.add(new Entry(atMillis, seq++, action));
    }

    void after(long delayMillis, Runnable action) {
        at(now + Math.max(0, delayMillis), action);
    }

    /** Runs {@code action} at {@code firstAt} and then every {@code everyMillis} until the run ends. */
    void every(long firstAt, long everyMillis, Runnable action) {
        at(firstAt, new Runnable() {
            @Override
            public void run() {
                action.run();
                after(everyMillis, this);
            }
        });
    }

    /** Runs every action due at or before {@code endMillis}, then stops the clock there. */
    void runUntil(long endMillis) {
        while (!queue.isEmpty() && queue.peek().at <= endMillis) {
            Entry e = queue.poll();
            now = e.at;
            e.action.run();
        }
        now = endMillis;
    }
}
