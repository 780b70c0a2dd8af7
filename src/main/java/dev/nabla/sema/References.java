package dev.nabla.sema;

import dev.nabla.syntax.Ast;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The names an expression's value depends on: every {@link Ast.Ref}, but not the variable of a
 * {@code diff}. {@code diff(F, X)} depends only on what F reaches: if F reaches X, X is among
 * those names already; if not, the derivative is 0.
 */
final class References {
    private References() {
    }

    static Set<String> of(Ast.Expr e) {
        Set<String> names = new LinkedHashSet<>();
        collect(e, names);
        return names;
    }

    private static void collect(Ast.Expr e, Set<String> names) {
        if (e instanceof Ast.Ref r) {
            names.add(r.name().text());
        } else if (e instanceof Ast.Neg n) {
            collect(n.operand(), names);
        } else if (e instanceof Ast.Binary b) {
            collect(b.left(), names);
            collect(b.right(), names);
        } else if (e instanceof Ast.Call c) {
            for (Ast.Expr arg : c.args()) {
                collect(arg, names);
            }
        } else if (e instanceof Ast.Sum s) {
            collect(s.body(), names);
        } else if (e instanceof Ast.Diff d) {
            collect(d.function(), names);
        }
    }
}
