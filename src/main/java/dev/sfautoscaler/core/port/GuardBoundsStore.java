package dev.sfautoscaler.core.port;

import dev.sfautoscaler.core.GuardBounds;
import java.util.Optional;

/**
 * Where the deployment keeps each fleet's guard bounds when they are not in the function's
 * environment: one record per fleet, written by the deployment (Terraform) and only read here, so
 * that a deployment's size is not limited by Lambda's 4 KB of environment.
 */
public interface GuardBoundsStore {

    /**
     * The fleet's bounds; empty when the deployment holds none for it. A record that is there but
     * cannot be read is an error ({@code NotConfigured}) that says what is wrong with it.
     */
    Optional<GuardBounds.Range> bounds(String fleetId);

    /** Where the fleet's bounds are looked up, for messages: e.g. {@code item guard#sfr-1 of the state table 't'}. */
    String whereFor(String fleetId);
}
