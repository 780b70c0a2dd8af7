package dev.nabla.api;

import java.util.Locale;

/** What a {@link Check} checks. */
public enum Kind {
    /** {@code claim LABEL: lhs == rhs}. */
    CLAIM,
    /** {@code derive LABEL { e0 = e1 = ... }}: a chain of steps. */
    DERIVE,
    /** One {@code =} of a derive chain, only ever inside {@link Result#steps()}. */
    STEP,
    /** {@code example LABEL { ... }}: expects at given sizes and values. */
    EXAMPLE,
    /** {@code refute LABEL: lhs == rhs}: an identity that must be false. */
    REFUTE,
    /** A file that does not load (a read, syntax or definition error): its diagnostics say why. */
    FILE;

    /** The lowercase name, as printed and in JSON. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind whose {@link #word} this is. */
    public static Kind of(String word) {
        return valueOf(word.toUpperCase(Locale.ROOT));
    }
}
