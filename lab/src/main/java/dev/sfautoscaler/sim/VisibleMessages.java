package dev.sfautoscaler.sim;

import java.util.function.IntConsumer;

/**
 * The queue's visible messages as a worker's ReceiveMessage sees them. A standard queue hands out the oldest
 * visible message. A FIFO queue hands out messages group by group, in order within a group, and none of a group
 * while another of the same group is in flight (received and not yet deleted, or held by a lost worker until its
 * visibility timeout): so a queue with one message group keeps at most one worker busy, however long the backlog.
 * A message's group is its id modulo the number of groups (messages are spread round-robin).
 */
final class VisibleMessages {

    /** 0: a standard queue. */
    private final int groups;
    /** Standard queue: every visible message, oldest first. */
    private final IntDeque all = new IntDeque();
    /** FIFO queue: each group's visible messages, in order. */
    private final IntDeque[] byGroup;
    /** FIFO queue: whether a group has a message in flight. */
    private final boolean[] inFlight;
    /** FIFO queue: groups that may have a receivable message (checked when taken). */
    private final IntDeque ready = new IntDeque();
    private int size;
    private int groupsInFlight;

    VisibleMessages(int fifoGroups) {
        this.groups = fifoGroups;
        this.byGroup = new IntDeque[fifoGroups];
        this.inFlight = new boolean[fifoGroups];
        for (int g = 0; g < fifoGroups; g++) {
            byGroup[g] = new IntDeque();
        }
    }

    boolean fifo() {
        return groups > 0;
    }

    /** ApproximateNumberOfMessages. */
    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** ApproximateNumberOfGroupsWithInflightMessages (0 for a standard queue). */
    int groupsInFlight() {
        return groupsInFlight;
    }

    /** A message sent now. */
    void sent(int id) {
        size++;
        if (!fifo()) {
            all.addLast(id);
            return;
        }
        int g = id % groups;
        byGroup[g].addLast(id);
        if (!inFlight[g] && byGroup[g].size() == 1) {
            ready.addLast(g);
        }
    }

    /** A message visible again (its worker gave it back, or its visibility timeout ran out): first of its group. */
    void returned(int id) {
        size++;
        if (!fifo()) {
            all.addFirst(id);
            return;
        }
        int g = id % groups;
        byGroup[g].addFirst(id);
        release(g);
    }

    /** A message deleted: its group may be received from again. */
    void deleted(int id) {
        if (fifo()) {
            release(id % groups);
        }
    }

    private void release(int g) {
        if (inFlight[g]) {
            inFlight[g] = false;
            groupsInFlight--;
        }
        if (!byGroup[g].isEmpty()) {
            ready.addLast(g);
        }
    }

    /** Whether a worker asking now would receive a message. */
    boolean receivable() {
        if (!fifo()) {
            return !all.isEmpty();
        }
        while (!ready.isEmpty()) {
            int g = ready.peekFirst();
            if (!inFlight[g] && !byGroup[g].isEmpty()) {
                return true;
            }
            ready.pollFirst();
        }
        return false;
    }

    /** The message a worker receives now; call {@link #receivable} first. */
    int receive() {
        if (!receivable()) {
            throw new IllegalStateException("no receivable message");
        }
        size--;
        if (!fifo()) {
            return all.pollFirst();
        }
        int g = ready.pollFirst();
        inFlight[g] = true;
        groupsInFlight++;
        return byGroup[g].pollFirst();
    }

    /** The oldest visible message's id, or -1 (ids grow with the time sent). */
    int oldest() {
        if (!fifo()) {
            return all.isEmpty() ? -1 : all.peekFirst();
        }
        int oldest = -1;
        for (IntDeque q : byGroup) {
            if (!q.isEmpty() && (oldest < 0 || q.peekFirst() < oldest)) {
                oldest = q.peekFirst();
            }
        }
        return oldest;
    }

    void forEach(IntConsumer action) {
        if (!fifo()) {
            all.forEach(action);
            return;
        }
        for (IntDeque q : byGroup) {
            q.forEach(action);
        }
    }
}
