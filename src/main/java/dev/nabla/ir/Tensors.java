package dev.nabla.ir;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.Set;

/** Which tensors an expression uses. */
public final class Tensors {
    private Tensors() {
    }

    /** The tensors e accesses directly (not through their definitions), in order of first occurrence. */
    public static Set<Tensor> referenced(Expr e) {
        Set<Tensor> out = new LinkedHashSet<>();
        collect(e, out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private static void collect(Expr e, Set<Tensor> out, Set<Expr> seen) {
        if (!seen.add(e)) {
            return;
        }
        if (e instanceof Expr.Access) {
            out.add(((Expr.Access) e).tensor());
        }
        if (e instanceof Expr.Diff) {
            out.add(((Expr.Diff) e).variable());
        }
        for (Expr c : Children.of(e)) {
            collect(c, out, seen);
        }
    }
}
