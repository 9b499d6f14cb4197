package dev.sfautoscaler.handler;

import dev.sfautoscaler.core.ChangeNotifier;
import dev.sfautoscaler.core.Outcome;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code notify} output: the SNS message id and what was sent. */
@RegisterForReflection
public record NotifyOutput(String messageId, String subject, Outcome outcome) {

    static NotifyOutput of(ChangeNotifier.Published published) {
        return new NotifyOutput(published.messageId(), published.notification().subject(),
                published.notification().outcome());
    }
}
