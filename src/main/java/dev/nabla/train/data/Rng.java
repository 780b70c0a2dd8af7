package dev.nabla.train.data;

/**
 * The trainer's random generator: SplitMix64 (the generator inside {@link java.util.SplittableRandom},
 * whose outputs it reproduces for the same seed), kept here because its whole state is one
 * {@code long} that a checkpoint saves ({@link #state}) and a resumed run restores
 * ({@link #restore}), so that the run continues with exactly the numbers it would have drawn.
 * Store the state as a string in JSON: many JSON readers keep only 53 bits of a number.
 */
public final class Rng {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    private Rng(long state) {
        this.state = state;
    }

    /** A generator for a run's {@code --seed}. */
    public static Rng seeded(long seed) {
        return new Rng(seed);
    }

    /** The generator exactly as it was when {@link #state} returned {@code state}. */
    public static Rng restore(long state) {
        return new Rng(state);
    }

    /** Everything the generator will draw depends on this alone. */
    public long state() {
        return state;
    }

    public long nextLong() {
        long z = state += GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1), a multiple of 2^-53. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in 0 .. bound - 1, without the bias of a plain remainder. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound " + bound + " is not positive");
        }
        while (true) {
            int bits = (int) (nextLong() >>> 33);
            int value = bits % bound;
            if (bits - value + (bound - 1) >= 0) {
                return value; // not in the incomplete last block of 2^31, which would favour small values
            }
        }
    }

    /** Standard normal (Box-Muller; one value per two uniforms, so that the state stays one long). */
    public double nextGaussian() {
        double u = 1 - nextDouble(); // in (0, 1]: the logarithm stays finite
        double v = nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** Puts {@code order} in a uniformly random order (Fisher-Yates), as an epoch's sample order. */
    public void shuffle(int[] order) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }
}
