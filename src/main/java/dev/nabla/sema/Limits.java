package dev.nabla.sema;

/** How large a checked program may get: beyond these, evaluating it would exhaust memory. */
public final class Limits {
    /**
     * The most elements one tensor may have in one evaluation: a leaf, a definition or any value
     * in between, at one sample's sizes. The evaluator keeps every value of a sample with its
     * rounding-error bound (16 bytes an element), so 10^6 elements is 16 MB a value, and a check
     * of 100 samples stays within seconds. A literal position beyond it could never be reached.
     */
    public static final int MAX_ELEMENTS = 1_000_000;

    private Limits() {
    }
}
