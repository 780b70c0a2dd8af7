package dev.nabla.verify.canon;

import dev.nabla.ir.Expr;
import dev.nabla.ir.Fn;
import dev.nabla.ir.Ir;

import java.util.Optional;

/** {@code abs(u) -> u} where u is known nonnegative, {@code abs(u) -> -u} where it is known nonpositive. */
public final class FoldAbsOfSignedArgument extends CallRule {
    private final Signs signs;

    public FoldAbsOfSignedArgument(Signs signs) {
        super(Fn.ABS);
        this.signs = signs;
    }

    @Override
    Optional<Expr> rewrite(Expr u) {
        if (signs.nonnegative(u)) {
            return Optional.of(u);
        }
        return signs.nonpositive(u) ? Optional.of(Ir.neg(u)) : Optional.empty();
    }
}
