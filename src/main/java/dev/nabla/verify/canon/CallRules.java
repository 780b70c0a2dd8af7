package dev.nabla.verify.canon;

import dev.nabla.ir.Expr;
import dev.nabla.ir.Tensor;
import dev.nabla.simplify.Rule;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The rules the canonical form applies to a call whose argument is canonical: first a call
 * that mentions a leaf of two values expanded over them, so that the others meet the branches'
 * simpler arguments ({@code exp(-a * y)} as {@code exp(-a)} and {@code exp(a)}); then the
 * exponential normal form (sigmoid, tanh and softplus through exp and log, an exp's argument one term of
 * coefficient 1, logs of exps and of positive factors taken apart), sqrt as a power, abs and
 * sign where the domains fix the argument's sign, and the sign of logs through their arguments.
 * Each keeps the value wherever the call is
 * defined, and none adds a free index ({@link Rule#checkFreeIndices}, after each).
 */
public final class CallRules {
    private final List<Rule> rules;

    public CallRules(Signs signs) {
        this(signs, t -> false);
    }

    /** @param leaf which tensors are leaves, for {@link ExpandCallOnTwoValuedLeaf}: with none, it never applies */
    public CallRules(Signs signs, Predicate<Tensor> leaf) {
        this.rules = List.of(new ExpandCallOnTwoValuedLeaf(signs, leaf), new ExpandSigmoid(), new ExpandTanh(),
                new ExpandSoftplus(), new SplitExpOfSum(),
                new PullCoefficientOutOfExp(), new CancelExpOfLog(signs), new CancelLogOfExp(),
                new SplitLogOfPositiveFactors(signs), new RewriteSqrtAsPower(), new FoldAbsOfSignedArgument(signs),
                new FoldSignOfSignedArgument(signs), new SignOfLogs());
    }

    /** The first rule's rewrite of a call, or empty when none applies. */
    public Optional<Expr> rewrite(Expr call) {
        for (Rule r : rules) {
            Optional<Expr> next = r.apply(call);
            if (next.isPresent() && next.get() != call) {
                Rule.checkFreeIndices(r, call, next.get());
                return next;
            }
        }
        return Optional.empty();
    }
}
