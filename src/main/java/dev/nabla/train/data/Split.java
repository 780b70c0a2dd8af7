package dev.nabla.train.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rows of a data set split into training, validation and test parts, each a sorted array of
 * row indices (so that an unshuffled run visits the training rows in file order).
 *
 * <p>{@link #stratified} holds out the test part first, then the validation part from what
 * remains, both stratified: within each class the rows are shuffled with the given generator and
 * {@code round(fraction * count)} of them are held out, but never the class's last training row,
 * so that every class is trained on. The same labels, fractions and generator state give the same
 * split.
 */
public final class Split {
    private final int[] train;
    private final int[] validation;
    private final int[] test;

    private Split(int[] train, int[] validation, int[] test) {
        this.train = train;
        this.validation = validation;
        this.test = test;
    }

    /**
     * The split of rows with these class labels: {@code test} of each class for the test part,
     * then {@code validation} of the rest for the validation part (each fraction in [0, 1)).
     */
    public static Split stratified(int[] labels, double test, double validation, Rng rng) {
        checkFraction("test", test);
        checkFraction("validation", validation);
        int classes = Arrays.stream(labels).max().orElse(-1) + 1;
        List<List<Integer>> byClass = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            byClass.add(new ArrayList<>());
        }
        for (int r = 0; r < labels.length; r++) {
            if (labels[r] < 0) {
                throw new IllegalArgumentException("row " + r + " has the negative label " + labels[r]);
            }
            byClass.get(labels[r]).add(r);
        }
        List<Integer> train = new ArrayList<>();
        List<Integer> held = new ArrayList<>();
        List<Integer> tested = new ArrayList<>();
        for (List<Integer> rows : byClass) {
            int[] order = rows.stream().mapToInt(Integer::intValue).toArray();
            rng.shuffle(order);
            int testCount = heldOut(test, order.length);
            int validationCount = heldOut(validation, order.length - testCount);
            for (int i = 0; i < order.length; i++) {
                (i < testCount ? tested : i < testCount + validationCount ? held : train).add(order[i]);
            }
        }
        return new Split(sorted(train), sorted(held), sorted(tested));
    }

    /** Every row for training, none held out. */
    public static Split none(int rows) {
        int[] all = new int[rows];
        Arrays.setAll(all, r -> r);
        return new Split(all, new int[0], new int[0]);
    }

    public int[] train() {
        return train.clone();
    }

    public int[] validation() {
        return validation.clone();
    }

    public int[] test() {
        return test.clone();
    }

    /** The given rows of a matrix (the same row arrays, not copies), in the order of {@code indices}. */
    public static double[][] rows(double[][] all, int[] indices) {
        double[][] picked = new double[indices.length][];
        for (int i = 0; i < indices.length; i++) {
            picked[i] = all[indices[i]];
        }
        return picked;
    }

    /** The given entries of an array, in the order of {@code indices}. */
    public static int[] rows(int[] all, int[] indices) {
        int[] picked = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            picked[i] = all[indices[i]];
        }
        return picked;
    }

    /** How many of a class's {@code count} rows a fraction holds out: never all of them. */
    private static int heldOut(double fraction, int count) {
        return (int) Math.min(Math.round(fraction * count), Math.max(0, count - 1));
    }

    private static void checkFraction(String name, double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("the " + name + " fraction " + fraction + " is not in [0, 1)");
        }
    }

    private static int[] sorted(List<Integer> rows) {
        return rows.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
}
