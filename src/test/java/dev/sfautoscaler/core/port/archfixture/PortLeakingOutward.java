package dev.sfautoscaler.core.port.archfixture;

import software.amazon.awssdk.regions.Region;

/** A port that speaks an SDK type instead of a core record. Test fixture only. */
public interface PortLeakingOutward {

    Region region();
}
