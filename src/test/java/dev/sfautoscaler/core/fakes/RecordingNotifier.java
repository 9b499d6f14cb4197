package dev.sfautoscaler.core.fakes;

import dev.sfautoscaler.core.Notification;
import dev.sfautoscaler.core.port.Notifier;
import java.util.ArrayList;
import java.util.List;

/** Keeps what was published and answers with message ids {@code msg-1, msg-2 ...}; can be made to fail. */
public final class RecordingNotifier implements Notifier {

    private final List<Notification> published = new ArrayList<>();
    private RuntimeException failure;

    public RecordingNotifier failWith(RuntimeException error) {
        failure = error;
        return this;
    }

    public List<Notification> published() {
        return List.copyOf(published);
    }

    @Override
    public String publish(Notification notification) {
        if (failure != null) {
            throw failure;
        }
        published.add(notification);
        return "msg-" + published.size();
    }
}
