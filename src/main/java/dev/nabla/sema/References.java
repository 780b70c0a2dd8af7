package dev.nabla.sema;

import dev.nabla.syntax.Ast;

import java.util.LinkedHashSet;
import java.util.Set;

/** The names an expression refers to: every {@link Ast.Ref}, including the variable of a {@code diff}. */
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
            collect(d.variable(), names);
        }
    }
}
