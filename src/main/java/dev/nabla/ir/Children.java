package dev.nabla.ir;


import java.util.List;

/** The direct subexpressions of a node, for passes that only need to walk the DAG. */
public final class Children {
    private Children() {
    }

    public static List<Expr> of(Expr e) {
        if (e instanceof Expr.Add) {
            return ((Expr.Add) e).terms();
        }
        if (e instanceof Expr.Mul) {
            return ((Expr.Mul) e).factors();
        }
        if (e instanceof Expr.Pow) {
            return List.of(((Expr.Pow) e).base(), ((Expr.Pow) e).exponent());
        }
        if (e instanceof Expr.Call) {
            return List.of(((Expr.Call) e).arg());
        }
        if (e instanceof Expr.Sum) {
            return List.of(((Expr.Sum) e).body());
        }
        if (e instanceof Expr.Diff) {
            return List.of(((Expr.Diff) e).function());
        }
        return List.of();
    }
}
