package dev.sfautoscaler.handler;

import dev.sfautoscaler.core.ChangeNotifier;
import dev.sfautoscaler.core.Outcome;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code notify} output: the SNS message id and the subject of what was published. {@code published}
 * is false for a change that another execution made and announces, for a failure inside the
 * back-off ({@code suppressed} true), and for a recovery with no open failure alert; {@code reason}
 * then says why and {@code messageId} is null.
 */
@RegisterForReflection
public record NotifyOutput(String messageId, String subject, Outcome outcome, boolean published, boolean suppressed,
        String reason) {

    static NotifyOutput of(ChangeNotifier.Published published) {
        return new NotifyOutput(published.messageId().orElse(null), published.notification().subject(),
                published.notification().outcome(), published.published(), published.suppressed(),
                published.reason().orElse(null));
    }
}
