package dev.nabla.ir;

import java.util.Set;

/** New index names that print back as valid names and clash with none in use. */
public final class Fresh {
    private Fresh() {
    }

    /** An index over the same dim as {@code like}, named {@code like}'s base name plus the first free number. */
    public static Index index(Index like, Set<String> taken) {
        return new Index(name(like.name(), taken), like.dim());
    }

    public static String name(String wanted, Set<String> taken) {
        if (!taken.contains(wanted)) {
            return wanted;
        }
        String base = wanted.replaceAll("[0-9]+$", "");
        if (base.isEmpty()) {
            base = wanted;
        }
        for (int n = 2; ; n++) {
            String candidate = base + n;
            if (!taken.contains(candidate)) {
                return candidate;
            }
        }
    }
}
