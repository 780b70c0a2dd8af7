package dev.nabla.verify.canon;

import dev.nabla.ir.Expr;
import dev.nabla.ir.Fn;
import dev.nabla.simplify.Rule;

import java.util.Optional;

/** A rule about one built-in function: it looks only at calls of that function. */
abstract class CallRule implements Rule {
    private final Fn fn;

    CallRule(Fn fn) {
        this.fn = fn;
    }

    @Override
    public final Optional<Expr> apply(Expr e) {
        if (!(e instanceof Expr.Call) || ((Expr.Call) e).fn() != fn) {
            return Optional.empty();
        }
        return rewrite(((Expr.Call) e).arg());
    }

    /** The rewritten call of the function at {@code u}, or empty. */
    abstract Optional<Expr> rewrite(Expr u);
}
