package dev.sfautoscaler.core;

import dev.sfautoscaler.core.error.InvalidInput;

/**
 * The capacity bounds a target keeps for itself, beside the policy's: an Auto Scaling group's
 * MinSize and MaxSize, which its API will not let any desired capacity cross. The decision keeps
 * inside both and names the target's bound when that is the one that stopped it.
 */
public record OwnBounds(int min, int max) {

    public OwnBounds {
        if (min < 0 || max < min) {
            throw new InvalidInput("fleet.ownBounds", "must have 0 <= min <= max; got " + min + ".." + max);
        }
    }
}
