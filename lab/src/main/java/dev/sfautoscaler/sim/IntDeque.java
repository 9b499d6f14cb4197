package dev.sfautoscaler.sim;

import java.util.Arrays;

/** A growable ring buffer of message ids: the visible part of the queue. */
final class IntDeque {

    private int[] items = new int[1024];
    private int head;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void addLast(int v) {
        grow();
        items[(head + size) & (items.length - 1)] = v;
        size++;
    }

    void addFirst(int v) {
        grow();
        head = (head - 1) & (items.length - 1);
        items[head] = v;
        size++;
    }

    int peekFirst() {
        if (size == 0) {
            throw new IllegalStateException("empty");
        }
        return items[head];
    }

    int pollFirst() {
        int v = peekFirst();
        head = (head + 1) & (items.length - 1);
        size--;
        return v;
    }

    /** Calls {@code action} for every id, front to back. */
    void forEach(java.util.function.IntConsumer action) {
        for (int i = 0; i < size; i++) {
            action.accept(items[(head + i) & (items.length - 1)]);
        }
    }

    private void grow() {
        if (size < items.length) {
            return;
        }
        int[] bigger = new int[items.length * 2];
        for (int i = 0; i < size; i++) {
            bigger[i] = items[(head + i) & (items.length - 1)];
        }
        items = bigger;
        head = 0;
    }

    @Override
    public String toString() {
        return "IntDeque" + Arrays.toString(Arrays.copyOf(items, Math.min(size, 8)));
    }
}
