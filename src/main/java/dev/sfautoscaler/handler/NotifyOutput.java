package dev.sfautoscaler.handler;

import dev.sfautoscaler.core.ChangeNotifier;
import dev.sfautoscaler.core.Outcome;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code notify} output: the SNS message id and what was sent. {@code sent} is false only for a change
 * that another execution made and announces; {@code notSent} then says so and {@code messageId} is null.
 */
@RegisterForReflection
public record NotifyOutput(String messageId, String subject, Outcome outcome, boolean sent, String notSent) {

    static NotifyOutput of(ChangeNotifier.Published published) {
        return new NotifyOutput(published.messageId().orElse(null), published.notification().subject(),
                published.notification().outcome(), published.messageId().isPresent(),
                published.notSent().orElse(null));
    }
}
