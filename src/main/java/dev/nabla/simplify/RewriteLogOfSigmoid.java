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
 * {@code log(sigmoid(u)) -> -softplus(-u)} and {@code log(1 - sigmoid(u)) -> -softplus(u)}, also
 * through a named node ({@code log(yhat[j])} with {@code yhat[j] = sigmoid(z[j])}). Both sides are
 * defined everywhere and equal, but sigmoid(-800) underflows to 0 and its log is -infinity, while
 * softplus(800) is 800; and reverse mode then gives binary cross-entropy the gradient
 * {@code yhat - y} instead of dividing by yhat and by 1 - yhat. It changes which nodes a function
 * reads, so it is for derivatives with respect to leaves only.
 */
public final class RewriteLogOfSigmoid implements Rule {
    private final Function<Tensor, Definition> definitions;

    /** @param definitions the definition of a defined tensor, or null: what lets the rule see through {@code yhat[j]} */
    public RewriteLogOfSigmoid(Function<Tensor, Definition> definitions) {
        this.definitions = definitions;
    }

    @Override
    public Optional<Expr> apply(Expr e) {
        if (!(e instanceof Expr.Call) || ((Expr.Call) e).fn() != Fn.LOG) {
            return Optional.empty();
        }
        Expr arg = ((Expr.Call) e).arg();
        Expr u = argumentOfSigmoid(arg);
        if (u != null) {
            return Optional.of(Ir.neg(Ir.call(Fn.SOFTPLUS, Ir.neg(u))));
        }
        if (arg instanceof Expr.Add && ((Expr.Add) arg).terms().size() == 2) {
            List<Expr> t = ((Expr.Add) arg).terms();
            for (int k = 0; k < 2; k++) {
                Expr minus = t.get(k);
                if (t.get(1 - k) == Ir.ONE && minus instanceof Expr.Mul && ((Expr.Mul) minus).factors().size() == 2
                        && ((Expr.Mul) minus).factors().get(0) == Ir.MINUS_ONE) {
                    Expr v = argumentOfSigmoid(((Expr.Mul) minus).factors().get(1));
                    if (v != null) {
                        return Optional.of(Ir.neg(Ir.call(Fn.SOFTPLUS, v)));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** u for {@code sigmoid(u)}, or for an access of a node defined as one; else null. */
    private Expr argumentOfSigmoid(Expr e) {
        Expr s = e;
        if (e instanceof Expr.Access && !((Expr.Access) e).tensor().isLeaf()) {
            Definition d = definitions.apply(((Expr.Access) e).tensor());
            if (d == null) {
                return null;
            }
            s = d.at(((Expr.Access) e).subscripts());
        }
        return s instanceof Expr.Call && ((Expr.Call) s).fn() == Fn.SIGMOID ? ((Expr.Call) s).arg() : null;
    }
}
