package dev.sfautoscaler.iamfixture;

/**
 * Shaped like a handler (a {@code handleRequest} calling a port) but deliberately not a Lambda
 * handler bean, so the Quarkus tests never see it. Used by {@code IamActionsTest} to prove that an
 * unmapped SDK call is caught.
 */
public final class RogueEntryPoint {

    private final Teardown teardown;

    public RogueEntryPoint(Teardown teardown) {
        this.teardown = teardown;
    }

    public String handleRequest(String instanceId, Object context) {
        teardown.stop(instanceId);
        return "stopped";
    }
}
