package dev.nabla.codegen;

import java.util.HashSet;
import java.util.Set;

/** Java names in one scope: each new one is distinct from every name taken before it. */
final class Names {
    private final Set<String> taken;

    Names(Set<String> taken) {
        this.taken = new HashSet<>(taken);
    }

    Names child() {
        return new Names(taken);
    }

    void take(String name) {
        taken.add(name);
    }

    boolean isTaken(String name) {
        return taken.contains(name);
    }

    /** {@code wanted}, or {@code wanted_2}, {@code wanted_3}, ... when that is taken. */
    String fresh(String wanted) {
        String name = wanted;
        for (int n = 2; taken.contains(name); n++) {
            name = wanted + "_" + n;
        }
        taken.add(name);
        return name;
    }
}
