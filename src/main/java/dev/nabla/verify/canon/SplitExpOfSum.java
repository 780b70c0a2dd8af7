package dev.nabla.verify.canon;

import dev.nabla.ir.Expr;
import dev.nabla.ir.Fn;
import dev.nabla.ir.Ir;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code exp(a + b) -> exp(a) * exp(b)}: so that an exp's argument is one term. */
public final class SplitExpOfSum extends CallRule {
    public SplitExpOfSum() {
        super(Fn.EXP);
    }

    @Override
    Optional<Expr> rewrite(Expr u) {
        if (!(u instanceof Expr.Add)) {
            return Optional.empty();
        }
        List<Expr> factors = new ArrayList<>();
        for (Expr t : ((Expr.Add) u).terms()) {
            factors.add(Ir.call(Fn.EXP, t));
        }
        return Optional.of(Ir.mul(factors));
    }
}
