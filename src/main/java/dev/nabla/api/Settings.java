package dev.nabla.api;

import dev.nabla.verify.RandomChecker;

/**
 * How randomized checking runs; runs are deterministic for given settings.
 *
 * @param seed    the seed of the random instantiations
 * @param samples random instantiations per check, at least 1
 * @param maxSize the largest size drawn for a dim, at least 1
 */
public record Settings(long seed, int samples, int maxSize) {
    /** Seed 1, 100 samples, sizes up to 5: what {@code nabla check} uses without options. */
    public static final Settings DEFAULT = new Settings(1, RandomChecker.Settings.DEFAULT_SAMPLES,
            RandomChecker.Settings.DEFAULT_MAX_SIZE);

    public Settings {
        if (samples < 1 || maxSize < 1) {
            throw new IllegalArgumentException("samples and maxSize must be at least 1, not " + samples + " and "
                    + maxSize);
        }
    }

    RandomChecker.Settings toChecker() {
        return new RandomChecker.Settings(samples, maxSize, seed);
    }

    public Settings withSeed(long seed) {
        return new Settings(seed, samples, maxSize);
    }

    public Settings withSamples(int samples) {
        return new Settings(seed, samples, maxSize);
    }

    public Settings withMaxSize(int maxSize) {
        return new Settings(seed, samples, maxSize);
    }
}
