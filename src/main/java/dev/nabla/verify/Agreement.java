package dev.nabla.verify;

import dev.nabla.ir.Evaluator.Value;

/**
 * When two computed values count as equal: they differ by no more than a relative tolerance plus
 * a margin over their running rounding error bounds, so that rounding never refutes a claim and
 * anything beyond it does.
 */
final class Agreement {
    /** Slack over the first-order error bounds, which are estimates rather than guarantees. */
    static final double ERROR_BOUND_FACTOR = 8;

    private Agreement() {
    }

    static boolean agrees(double a, double errA, double b, double errB, double tolerance) {
        if (a == b) {
            return true;
        }
        return Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b))
                + ERROR_BOUND_FACTOR * (errA + errB) + Double.MIN_NORMAL;
    }

    /** |a − b| / max(|a|, |b|), 0 when both are 0. */
    static double relativeError(double a, double b) {
        if (a == b) {
            return 0;
        }
        double scale = Math.max(Math.abs(a), Math.abs(b));
        return scale == 0 ? 0 : Math.abs(a - b) / scale;
    }

    /** The first row-major position where two values over the same indices disagree, or −1. */
    static int firstDisagreement(Value lhs, Value rhs, double tolerance) {
        for (int p = 0; p < lhs.size(); p++) {
            if (!agrees(lhs.values()[p], lhs.errors()[p], rhs.values()[p], rhs.errors()[p], tolerance)) {
                return p;
            }
        }
        return -1;
    }

    static double largestRelativeError(Value lhs, Value rhs) {
        double worst = 0;
        for (int p = 0; p < lhs.size(); p++) {
            worst = Math.max(worst, relativeError(lhs.values()[p], rhs.values()[p]));
        }
        return worst;
    }
}
