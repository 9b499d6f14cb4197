package dev.sfautoscaler.sim;

import java.util.Map;
import java.util.TreeMap;

/** Arrival times of a group of messages (in flight, or held by a lost worker), oldest first. */
final class ArrivalMultiset {

    private final TreeMap<Long, int[]> counts = new TreeMap<>();
    private int size;

    void add(long arrivalMillis) {
        counts.computeIfAbsent(arrivalMillis, k -> new int[1])[0]++;
        size++;
    }

    void remove(long arrivalMillis) {
        int[] c = counts.get(arrivalMillis);
        if (c == null) {
            throw new IllegalStateException("no message arrived at " + arrivalMillis);
        }
        if (--c[0] == 0) {
            counts.remove(arrivalMillis);
        }
        size--;
    }

    int size() {
        return size;
    }

    /** Messages that arrived before {@code cutoff}. */
    long countBefore(long cutoff) {
        long n = 0;
        for (int[] c : counts.headMap(cutoff, false).values()) {
            n += c[0];
        }
        return n;
    }

    /** Oldest arrival, or {@code Long.MAX_VALUE} when empty. */
    long oldest() {
        Map.Entry<Long, int[]> e = counts.firstEntry();
        return e == null ? Long.MAX_VALUE : e.getKey();
    }
}
