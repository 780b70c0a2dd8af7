package dev.nabla.train.data;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RngTest {

    @Test
    void drawsWhatSplittableRandomDrawsForTheSameSeed() {
        for (long seed : new long[] {0, 1, 42, -7, Long.MAX_VALUE}) {
            Rng rng = Rng.seeded(seed);
            SplittableRandom oracle = new SplittableRandom(seed);
            for (int i = 0; i < 100; i++) {
                assertEquals(oracle.nextLong(), rng.nextLong());
            }
        }
    }

    @Test
    void restoringTheStateContinuesTheSameSequence() {
        Rng rng = Rng.seeded(5);
        for (int i = 0; i < 17; i++) {
            rng.nextGaussian();
        }
        Rng resumed = Rng.restore(rng.state());
        for (int i = 0; i < 100; i++) {
            assertEquals(rng.nextDouble(), resumed.nextDouble());
            assertEquals(rng.nextInt(7), resumed.nextInt(7));
        }
    }

    @Test
    void uniformsStayInRange() {
        Rng rng = Rng.seeded(3);
        int[] counts = new int[3];
        for (int i = 0; i < 30_000; i++) {
            double u = rng.nextDouble();
            assertTrue(u >= 0 && u < 1);
            counts[rng.nextInt(3)]++;
        }
        for (int count : counts) {
            assertTrue(Math.abs(count - 10_000) < 500, Arrays.toString(counts));
        }
        assertThrows(IllegalArgumentException.class, () -> rng.nextInt(0));
    }

    @Test
    void gaussiansHaveMeanZeroAndVarianceOne() {
        Rng rng = Rng.seeded(11);
        double sum = 0;
        double squares = 0;
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            double g = rng.nextGaussian();
            sum += g;
            squares += g * g;
        }
        assertEquals(0, sum / n, 0.02);
        assertEquals(1, squares / n, 0.02);
    }

    @Test
    void shuffleIsAPermutationThatDependsOnTheSeed() {
        int[] a = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        int[] b = a.clone();
        Rng.seeded(1).shuffle(a);
        Rng.seeded(2).shuffle(b);
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted);
        assertTrue(!Arrays.equals(a, b));
        int[] again = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        Rng.seeded(1).shuffle(again);
        assertArrayEquals(a, again);
    }
}
