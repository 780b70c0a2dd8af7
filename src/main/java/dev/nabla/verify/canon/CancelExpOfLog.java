package dev.nabla.verify.canon;

import dev.nabla.ir.Expr;
import dev.nabla.ir.Fn;

import java.util.Optional;

/**
 * {@code exp(log(u)) -> u} where u is known positive: only there are both sides defined, so
 * a side undefined where u is not positive is never proved equal to one defined there.
 */
public final class CancelExpOfLog extends CallRule {
    private final Signs signs;

    public CancelExpOfLog(Signs signs) {
        super(Fn.EXP);
        this.signs = signs;
    }

    @Override
    Optional<Expr> rewrite(Expr u) {
        if (u instanceof Expr.Call && ((Expr.Call) u).fn() == Fn.LOG && signs.positive(((Expr.Call) u).arg())) {
            return Optional.of(((Expr.Call) u).arg());
        }
        return Optional.empty();
    }
}
