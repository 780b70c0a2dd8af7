package dev.nabla.verify.canon;

import dev.nabla.ir.Expr;
import dev.nabla.ir.Fn;
import dev.nabla.ir.Ir;

import java.util.Optional;

/** {@code sign(u) -> 1} where u is known positive, {@code sign(u) -> -1} where it is known negative. */
public final class FoldSignOfSignedArgument extends CallRule {
    private final Signs signs;

    public FoldSignOfSignedArgument(Signs signs) {
        super(Fn.SIGN);
        this.signs = signs;
    }

    @Override
    Optional<Expr> rewrite(Expr u) {
        if (signs.positive(u)) {
            return Optional.of(Ir.ONE);
        }
        return signs.negative(u) ? Optional.of(Ir.MINUS_ONE) : Optional.empty();
    }
}
