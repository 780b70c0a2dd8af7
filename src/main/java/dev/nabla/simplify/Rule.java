package dev.nabla.simplify;

import dev.nabla.ir.Expr;

import java.util.Optional;

/** One rewrite, tried at a single node whose children are already simplified. */
public interface Rule {
    /** The rewritten node, or empty when the rule does not apply here. */
    Optional<Expr> apply(Expr e);
}
