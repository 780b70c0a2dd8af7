package dev.nabla.testkit;

import java.util.Random;

/**
 * The random decisions of a generator, drawn from a seed. Optionally one decision, the
 * {@code flip}-th, is changed to a different value: the same seed then gives a near miss of
 * the unchanged build (used to make pairs of expressions that differ in one place).
 */
public final class Choices {
    private final Random random;
    private final int flip;
    private int count;

    public Choices(long seed) {
        this(seed, -1);
    }

    public Choices(long seed, int flip) {
        this.random = new Random(seed);
        this.flip = flip;
    }

    /** A number in [0, bound). */
    public int next(int bound) {
        int v = random.nextInt(bound);
        if (count++ == flip && bound > 1) {
            v = (v + 1 + random.nextInt(bound - 1)) % bound;
        }
        return v;
    }

    public boolean chance(double p) {
        return next(1000) < p * 1000;
    }

    public <T> T pick(java.util.List<T> from) {
        return from.get(next(from.size()));
    }

    /** How many decisions were made so far. */
    public int count() {
        return count;
    }
}
