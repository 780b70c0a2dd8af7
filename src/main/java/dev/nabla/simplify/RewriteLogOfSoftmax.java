package dev.nabla.simplify;

import dev.nabla.ir.Definition;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Fn;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Tensor;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code log(exp(u) * s^-1) -> u - log(s)}: the log of a softmax is a log-softmax, also when the
 * softmax is a named node ({@code log(p[j])} with {@code p[j] = exp(z[j]) / sum(k, exp(z[k]))}).
 * Sound with the same domain: both sides are defined exactly where {@code s > 0}. Reverse mode
 * then differentiates {@code u - log(s)} and gives softmax with cross-entropy the gradient
 * {@code p - t} instead of {@code -t / p}, which divides by a p that can underflow to 0. It
 * changes which nodes a function depends on (the log no longer reads p), so it is for
 * derivatives with respect to leaves only.
 */
public final class RewriteLogOfSoftmax implements Rule {
    private final Function<Tensor, Definition> definitions;

    /** @param definitions the definition of a defined tensor, or null: what lets the rule see through {@code p[j]} */
    public RewriteLogOfSoftmax(Function<Tensor, Definition> definitions) {
        this.definitions = definitions;
    }

    @Override
    public Optional<Expr> apply(Expr e) {
        if (!(e instanceof Expr.Call) || ((Expr.Call) e).fn() != Fn.LOG) {
            return Optional.empty();
        }
        Expr arg = ((Expr.Call) e).arg();
        Expr quotient = arg instanceof Expr.Access ? bodyAt((Expr.Access) arg) : arg;
        if (!(quotient instanceof Expr.Mul) || ((Expr.Mul) quotient).factors().size() != 2) {
            return Optional.empty();
        }
        List<Expr> f = ((Expr.Mul) quotient).factors();
        for (int k = 0; k < 2; k++) {
            Expr exp = f.get(k);
            Expr inverse = f.get(1 - k);
            if (exp instanceof Expr.Call && ((Expr.Call) exp).fn() == Fn.EXP && inverse instanceof Expr.Pow
                    && ((Expr.Pow) inverse).exponent() == Ir.MINUS_ONE) {
                Expr u = ((Expr.Call) exp).arg();
                Expr s = ((Expr.Pow) inverse).base();
                return Optional.of(Ir.sub(u, Ir.call(Fn.LOG, s)));
            }
        }
        return Optional.empty();
    }

    /** The body of a defined tensor at the subscripts of an access, or null for a leaf. */
    private Expr bodyAt(Expr.Access a) {
        if (a.tensor().isLeaf()) {
            return null;
        }
        Definition d = definitions.apply(a.tensor());
        if (d == null) {
            return null;
        }
        return d.at(a.subscripts());
    }
}
