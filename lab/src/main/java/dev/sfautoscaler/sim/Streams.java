package dev.sfautoscaler.sim;

import java.util.SplittableRandom;

/**
 * Independent random streams derived from one scenario seed. Each stream has a fixed purpose
 * (arrivals, processing times, one per launched instance ...) so that what one policy does never
 * shifts the random numbers another policy sees: the same seed gives every policy the same
 * messages, the same processing times and the same n-th instance.
 */
final class Streams {

    static final long ARRIVALS = 1;
    static final long PROCESSING = 2;
    static final long SPIKES = 3;
    /** Our workflow's Retry waits (full jitter). */
    static final long RETRY_JITTER = 4;
    /** Spot's interruptions of the fleet (the plant's slots), the same for every policy. */
    static final long SPOT_INTERRUPTIONS = 5;
    static final long INSTANCE = 1_000_000;
    /** The n-th instance's worker: whether it follows the worker contract, when it reads its tags. */
    static final long WORKER = 1L << 40;

    private Streams() {
    }

    static SplittableRandom of(long seed, long purpose) {
        return new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + purpose));
    }

    /** Stream of the n-th instance launched in a run (n from 0). */
    static SplittableRandom instance(long seed, long serial) {
        return of(seed, INSTANCE + serial);
    }

    /** Stream of the n-th instance's worker (n from 0), apart from the instance's own stream. */
    static SplittableRandom worker(long seed, long serial) {
        return of(seed, WORKER + serial);
    }

    /** SplitMix64 finaliser: spreads nearby inputs over the whole seed space. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Poisson-distributed count with the given mean (normal approximation above 30). */
    static long poisson(SplittableRandom rng, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean < 30) {
            double limit = Math.exp(-mean);
            double p = 1.0;
            long k = 0;
            do {
                k++;
                p *= rng.nextDouble();
            } while (p > limit);
            return k - 1;
        }
        return Math.max(0, Math.round(mean + Math.sqrt(mean) * rng.nextGaussian()));
    }

    static double exponential(SplittableRandom rng, double mean) {
        return -mean * Math.log(1.0 - rng.nextDouble());
    }
}
