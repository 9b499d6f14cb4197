package dev.sfautoscaler.core.port;

import dev.sfautoscaler.core.Notification;

/** Delivers a notification to people and machines subscribed to it. Returns the message id. */
public interface Notifier {

    String publish(Notification notification);
}
