package dev.nabla.simplify;

import dev.nabla.ir.Expr;
import dev.nabla.ir.Fn;
import dev.nabla.ir.Ir;

import java.util.List;
import java.util.Optional;

/**
 * {@code log(1 + exp(u)) -> softplus(u)}: the same function, defined everywhere on both sides,
 * but one that neither overflows (exp(800) is infinite, softplus(800) is 800) nor, once reverse
 * mode differentiates it, gives {@code exp(u) / (1 + exp(u))}, which is infinity over infinity
 * for large u: softplus' is sigmoid.
 */
public final class RewriteLogOfOnePlusExp implements Rule {
    @Override
    public Optional<Expr> apply(Expr e) {
        if (!(e instanceof Expr.Call) || ((Expr.Call) e).fn() != Fn.LOG || !(((Expr.Call) e).arg() instanceof Expr.Add)) {
            return Optional.empty();
        }
        List<Expr> terms = ((Expr.Add) ((Expr.Call) e).arg()).terms();
        if (terms.size() != 2) {
            return Optional.empty();
        }
        for (int k = 0; k < 2; k++) {
            Expr t = terms.get(k);
            if (terms.get(1 - k) == Ir.ONE && t instanceof Expr.Call && ((Expr.Call) t).fn() == Fn.EXP) {
                return Optional.of(Ir.call(Fn.SOFTPLUS, ((Expr.Call) t).arg()));
            }
        }
        return Optional.empty();
    }
}
