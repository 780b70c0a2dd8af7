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
    /** The statement could not be checked (no sample where both sides are defined). */
    ERROR;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The weaker of two verdicts, for a chain of steps: error < refuted < tested < proved. */
    public static Verdict weakest(Verdict a, Verdict b) {
        return rank(a) <= rank(b) ? a : b;
    }

    private static int rank(Verdict v) {
        switch (v) {
            case ERROR: return 0;
            case REFUTED: return 1;
            case TESTED: return 2;
            default: return 3;
        }
    }
}
