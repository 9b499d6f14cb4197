package dev.sfautoscaler.core;

import java.time.Instant;

/**
 * A fleet's lease: while it is valid only its holder modifies the fleet.
 *
 * @param fleetId   the fleet
 * @param holder    who holds it: the trigger and the invocation that took it
 * @param expiresAt when it lapses by itself, should the holder never give it back
 */
public record Lease(String fleetId, String holder, Instant expiresAt) {
}
