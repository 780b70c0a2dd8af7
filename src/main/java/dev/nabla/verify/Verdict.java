package dev.nabla.verify;

import java.util.Locale;

/** What checking found for one claim, derive step, derive chain or example. */
public enum Verdict {
    /** Both sides reach the same canonical form: true for every size. */
    PROVED,
    /** Not proved, but agreed on every random instantiation that could be evaluated. */
    TESTED,
    /** A counterexample was found. */
    REFUTED,
    /**
     * Neither proved nor refuted, and the samples are too few to call it tested: too many were
     * undefined, or could not be decided even in high precision. Never a pass.
     */
    INCONCLUSIVE,
    /** The statement could not be checked (no sample where both sides are defined). */
    ERROR;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The weaker of two verdicts, for a chain of steps: error < refuted < inconclusive < tested < proved. */
    public static Verdict weakest(Verdict a, Verdict b) {
        return rank(a) <= rank(b) ? a : b;
    }

    private static int rank(Verdict v) {
        switch (v) {
            case ERROR: return 0;
            case REFUTED: return 1;
            case INCONCLUSIVE: return 2;
            case TESTED: return 3;
            default: return 4;
        }
    }
}
