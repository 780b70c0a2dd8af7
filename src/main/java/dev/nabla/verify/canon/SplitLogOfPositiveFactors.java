package dev.nabla.verify.canon;

import dev.nabla.ir.Expr;
import dev.nabla.ir.Fn;
import dev.nabla.ir.Ir;
import org.apache.commons.math3.fraction.BigFraction;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code log(p^k * r) -> k * log(p) + log(r)} for every factor p known positive, r the rest
 * (left out when it is 1). Both sides are defined exactly where {@code r > 0}: p is, so the
 * split never makes a side defined where the other is not.
 */
public final class SplitLogOfPositiveFactors extends CallRule {
    private final Signs signs;

    public SplitLogOfPositiveFactors(Signs signs) {
        super(Fn.LOG);
        this.signs = signs;
    }

    @Override
    Optional<Expr> rewrite(Expr u) {
        List<Expr> factors = u instanceof Expr.Mul ? ((Expr.Mul) u).factors() : List.of(u);
        List<Expr> logs = new ArrayList<>();
        List<Expr> rest = new ArrayList<>();
        for (Expr f : factors) {
            Expr base = f;
            BigFraction k = BigFraction.ONE;
            if (f instanceof Expr.Pow && ((Expr.Pow) f).exponent() instanceof Expr.Const) {
                base = ((Expr.Pow) f).base();
                k = ((Expr.Const) ((Expr.Pow) f).exponent()).value();
            }
            if (signs.positive(base)) {
                logs.add(Ir.mul(Ir.constant(k), Ir.call(Fn.LOG, base)));
            } else {
                rest.add(f);
            }
        }
        if (logs.isEmpty() || factors.size() == 1 && rest.isEmpty() && base(u) == u) {
            return Optional.empty(); // no positive factor, or log(p) itself
        }
        if (!rest.isEmpty()) {
            logs.add(Ir.call(Fn.LOG, Ir.mul(rest)));
        }
        return Optional.of(Ir.add(logs));
    }

    private static Expr base(Expr f) {
        return f instanceof Expr.Pow && ((Expr.Pow) f).exponent() instanceof Expr.Const ? ((Expr.Pow) f).base() : f;
    }
}
