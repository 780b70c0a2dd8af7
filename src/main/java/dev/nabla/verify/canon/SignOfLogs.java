package dev.nabla.verify.canon;

import dev.nabla.ir.Expr;
import dev.nabla.ir.Fn;
import dev.nabla.ir.Ir;
import org.apache.commons.math3.fraction.BigFraction;

import java.util.List;
import java.util.Optional;

/**
 * {@code sign(c * log(a) - c * log(b)) -> sign(c) * sign(a - b)} and
 * {@code sign(c * log(a)) -> sign(c) * sign(a - 1)}: where the call is defined, a and b are
 * positive, and log is strictly increasing there, so the log's sign is that of the difference of
 * its arguments (AdaBoost's weight ½·log((1 − ε)/ε) has the sign of (1 − ε) − ε).
 */
public final class SignOfLogs extends CallRule {
    public SignOfLogs() {
        super(Fn.SIGN);
    }

    @Override
    Optional<Expr> rewrite(Expr u) {
        List<Expr> terms = u instanceof Expr.Add ? ((Expr.Add) u).terms() : List.of(u);
        if (terms.size() == 1) {
            Expr a = logArgument(terms.get(0));
            return a == null ? Optional.empty() : Optional.of(signed(Ir.coefficientOf(terms.get(0)), Ir.sub(a, Ir.ONE)));
        }
        if (terms.size() == 2) {
            BigFraction c = Ir.coefficientOf(terms.get(0));
            Expr a = logArgument(terms.get(0));
            Expr b = logArgument(terms.get(1));
            if (a != null && b != null && Ir.coefficientOf(terms.get(1)).equals(c.negate())) {
                return Optional.of(signed(c, Ir.sub(a, b)));
            }
        }
        return Optional.empty();
    }

    /** The argument of a term {@code c * log(a)}, or null for any other term. */
    private static Expr logArgument(Expr term) {
        Expr rest = Ir.withoutCoefficient(term);
        return rest instanceof Expr.Call && ((Expr.Call) rest).fn() == Fn.LOG ? ((Expr.Call) rest).arg() : null;
    }

    private static Expr signed(BigFraction c, Expr difference) {
        Expr sign = Ir.call(Fn.SIGN, difference);
        return c.compareTo(BigFraction.ZERO) > 0 ? sign : Ir.neg(sign);
    }
}
