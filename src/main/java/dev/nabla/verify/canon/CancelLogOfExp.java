package dev.nabla.verify.canon;

import dev.nabla.ir.Expr;
import dev.nabla.ir.Fn;

import java.util.Optional;

/** {@code log(exp(u)) -> u}: both defined everywhere, and equal. */
public final class CancelLogOfExp extends CallRule {
    public CancelLogOfExp() {
        super(Fn.LOG);
    }

    @Override
    Optional<Expr> rewrite(Expr u) {
        if (u instanceof Expr.Call && ((Expr.Call) u).fn() == Fn.EXP) {
            return Optional.of(((Expr.Call) u).arg());
        }
        return Optional.empty();
    }
}
