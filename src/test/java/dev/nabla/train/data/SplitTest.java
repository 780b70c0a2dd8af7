package dev.nabla.train.data;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SplitTest {

    private static int[] labels(int... counts) {
        return IntStream.range(0, counts.length).flatMap(k -> IntStream.generate(() -> k).limit(counts[k])).toArray();
    }

    private static long count(int[] labels, int[] rows, int k) {
        return Arrays.stream(rows).filter(r -> labels[r] == k).count();
    }

    @Test
    void stratifiedTestAndValidationParts() {
        int[] labels = labels(50, 50, 50);
        Split split = Split.stratified(labels, 0.3, 0.2, Rng.seeded(1));
        for (int k = 0; k < 3; k++) {
            assertEquals(15, count(labels, split.test(), k));
            assertEquals(7, count(labels, split.validation(), k)); // round(0.2 * 35)
            assertEquals(28, count(labels, split.train(), k));
        }
    }

    @Test
    void thePartsAreSortedDisjointAndCoverEveryRow() {
        int[] labels = labels(212, 357);
        Split split = Split.stratified(labels, 0.3, 0.2, Rng.seeded(9));
        int[] all = IntStream.concat(IntStream.concat(Arrays.stream(split.train()), Arrays.stream(split.validation())),
                Arrays.stream(split.test())).sorted().toArray();
        assertArrayEquals(IntStream.range(0, labels.length).toArray(), all);
        for (int[] part : new int[][] {split.train(), split.validation(), split.test()}) {
            int[] sorted = part.clone();
            Arrays.sort(sorted);
            assertArrayEquals(sorted, part);
        }
        assertEquals(64 + 107, split.test().length);
    }

    @Test
    void theSameSeedGivesTheSameSplit() {
        int[] labels = labels(8, 9);
        Split a = Split.stratified(labels, 0.3, 0, Rng.seeded(4));
        Split b = Split.stratified(labels, 0.3, 0, Rng.seeded(4));
        Split c = Split.stratified(labels, 0.3, 0, Rng.seeded(5));
        assertArrayEquals(a.test(), b.test());
        assertEquals(5, a.test().length); // round(2.4) + round(2.7) of watermelon's 8 and 9
        assertEquals(false, Arrays.equals(a.test(), c.test()));
    }

    @Test
    void everyClassKeepsATrainingRow() {
        int[] labels = labels(1, 2, 30);
        Split split = Split.stratified(labels, 0.9, 0.9, Rng.seeded(2));
        for (int k = 0; k < 3; k++) {
            assertEquals(1, count(labels, split.train(), k));
        }
    }

    @Test
    void noneTrainsOnEveryRow() {
        Split split = Split.none(3);
        assertArrayEquals(new int[] {0, 1, 2}, split.train());
        assertEquals(0, split.validation().length + split.test().length);
    }

    @Test
    void fractionsOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Split.stratified(labels(3, 3), 1, 0, Rng.seeded(0)));
        assertThrows(IllegalArgumentException.class, () -> Split.stratified(labels(3, 3), 0, -0.1, Rng.seeded(0)));
        assertThrows(IllegalArgumentException.class, () -> Split.stratified(labels(3, 3), Double.NaN, 0, Rng.seeded(0)));
    }

    @Test
    void rowsPicksInTheGivenOrder() {
        double[][] x = {{0}, {1}, {2}};
        assertArrayEquals(new double[][] {{2}, {0}}, Split.rows(x, new int[] {2, 0}));
        assertArrayEquals(new int[] {7, 5}, Split.rows(new int[] {5, 6, 7}, new int[] {2, 0}));
    }
}
