package dev.sfautoscaler.aws;

import dev.sfautoscaler.core.error.AccessDenied;
import dev.sfautoscaler.core.error.AutoscalerException;
import dev.sfautoscaler.core.error.AwsCallFailed;
import dev.sfautoscaler.core.error.FleetBusy;
import dev.sfautoscaler.core.error.FleetNotFound;
import dev.sfautoscaler.core.error.FleetNotInModifiableState;
import dev.sfautoscaler.core.error.InvalidInput;
import dev.sfautoscaler.core.error.QueueNotFound;
import dev.sfautoscaler.core.error.Throttled;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Translates AWS SDK exceptions into the core's typed errors, whose class names are the Lambda
 * {@code errorType}s the state machine matches. Shared by every adapter so that one AWS error
 * code always means the same thing.
 */
final class AwsErrorTranslator {

    private static final Set<String> THROTTLING = Set.of("RequestLimitExceeded", "Throttling", "ThrottlingException",
            "Throttled", "RequestThrottled", "RequestThrottledException", "TooManyRequestsException",
            "SlowDown", "ProvisionedThroughputExceededException");
    private static final Set<String> FLEET_NOT_FOUND = Set.of("InvalidSpotFleetRequestId.NotFound",
            "InvalidSpotFleetRequestId.Malformed", "InvalidFleetId.NotFound", "InvalidFleetId.Malformed");
    /** Auto Scaling: a scaling activity, or another update of the group, is under way; it passes by itself. */
    private static final Set<String> BUSY = Set.of("ScalingActivityInProgress", "ResourceContention");
    /** EC2 Fleet's spelling of "not in a state that can be modified". */
    private static final Set<String> NOT_MODIFIABLE = Set.of("FleetNotInModifiableState", "IncorrectFleetState",
            "IncorrectState");
    private static final Set<String> QUEUE_NOT_FOUND = Set.of("QueueDoesNotExist",
            "AWS.SimpleQueueService.NonExistentQueue");
    private static final Set<String> DENIED = Set.of("UnauthorizedOperation", "AuthorizationError");

    private AwsErrorTranslator() {
    }

    /**
     * The typed error for a failed call.
     *
     * @param call the operation, the resource it was about and its request parameters
     * @param e    what the SDK threw (after its own retries)
     */
    static AutoscalerException translate(AwsCall call, SdkException e) {
        if (e instanceof AwsServiceException service) {
            return fromService(call, service);
        }
        if (e instanceof SdkServiceException service) {
            return new AwsCallFailed(call.operation(), "HTTP " + service.statusCode(), message(e),
                    service.statusCode() >= 500 || service.isThrottlingException());
        }
        if (e instanceof SdkClientException) {
            // No answer from AWS at all: connection refused, DNS, timeouts. Trying again can help.
            return new AwsCallFailed(call.operation(), e.getClass().getSimpleName(), message(e), true);
        }
        return new AwsCallFailed(call.operation(), e.getClass().getSimpleName(), message(e), e.retryable());
    }

    private static AutoscalerException fromService(AwsCall call, AwsServiceException e) {
        AwsErrorDetails details = e.awsErrorDetails();
        int status = e.statusCode();
        String code = details == null || details.errorCode() == null || details.errorCode().isBlank()
                ? "HTTP " + status : details.errorCode();
        String message = details == null || details.errorMessage() == null ? message(e) : details.errorMessage();
        if (NOT_MODIFIABLE.contains(code)) {
            return new FleetNotInModifiableState(call.resourceId(), message);
        }
        if (BUSY.contains(code) || message.toLowerCase(Locale.ROOT).contains("scaling activity in progress")) {
            return FleetBusy.refused(call.resourceId(), code + ": " + message);
        }
        if (THROTTLING.contains(code) || code.startsWith("Throttling") || e.isThrottlingException()) {
            return new Throttled(call.operation(), code, message);
        }
        if (FLEET_NOT_FOUND.contains(code)) {
            return new FleetNotFound(call.resourceId(), code + ": " + message);
        }
        if (QUEUE_NOT_FOUND.contains(code)) {
            return new QueueNotFound(call.resourceId());
        }
        if (DENIED.contains(code) || code.startsWith("AccessDenied")) {
            return new AccessDenied(call.operation(), code, message);
        }
        if (code.startsWith("InvalidParameter")) {
            return new InvalidInput(call.parameterNamedIn(message),
                    "was rejected by " + call.operation() + " (" + code + ": " + message + ")");
        }
        return new AwsCallFailed(call.operation(), code, message, status >= 500);
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /**
     * One AWS call, described for error messages.
     *
     * @param operation  service and action, e.g. {@code EC2 ModifySpotFleetRequest}
     * @param resourceId the fleet id, queue URL or topic ARN the call was about
     * @param parameters the request parameters, to name the one AWS complained about
     */
    record AwsCall(String operation, String resourceId, List<String> parameters) {

        static AwsCall of(String operation, String resourceId, String... parameters) {
            return new AwsCall(operation, resourceId, List.of(parameters));
        }

        /** The parameter mentioned first in AWS's message (the longest at a tie), else the first one. */
        String parameterNamedIn(String message) {
            String best = null;
            int bestAt = Integer.MAX_VALUE;
            for (String p : parameters) {
                int at = message == null ? -1 : message.indexOf(p);
                if (at >= 0 && (at < bestAt || (at == bestAt && p.length() > best.length()))) {
                    best = p;
                    bestAt = at;
                }
            }
            if (best != null) {
                return best;
            }
            return parameters.isEmpty() ? operation : parameters.get(0);
        }
    }
}
