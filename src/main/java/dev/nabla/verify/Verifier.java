package dev.nabla.verify;

import dev.nabla.autodiff.Model;
import dev.nabla.diag.Diagnostic;
import dev.nabla.diag.SourceSpan;
import dev.nabla.ir.Definition;
import dev.nabla.ir.Dim;
import dev.nabla.ir.Evaluator;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Index;
import dev.nabla.ir.Instance;
import dev.nabla.ir.Ir;
import dev.nabla.sema.Lowering;
import dev.nabla.ir.Position;
import dev.nabla.ir.Subscript;
import dev.nabla.ir.Tensor;
import dev.nabla.sema.DimSymbol;
import dev.nabla.sema.LeafSymbol;
import dev.nabla.sema.Program;
import dev.nabla.sema.ValueDomain;
import dev.nabla.syntax.Ast;
import org.apache.commons.math3.fraction.BigFraction;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Gives every claim, derive step, derive chain and example of a program its verdict: each
 * pair of sides is tested on random sizes and values, and proved when both reach the same
 * canonical form; examples are evaluated at their own values.
 */
public final class Verifier {
    private final Program program;
    private final Model model;
    private final Lowering lowering;
    private final RandomChecker checker;
    private final LazyUnfolding canonical;
    private final CompletePolynomials polynomials;
    private final Explanation explanation;
    private final RandomChecker.Settings settings;
    private final Map<Dim, Integer> minimumSizes;

    public Verifier(Program program, RandomChecker.Settings settings) {
        this.program = program;
        this.model = new Model(program);
        this.lowering = model.lowering();
        Map<Tensor, ValueDomain> domains = new HashMap<>();
        Map<Tensor, BigFraction> fixed = new HashMap<>();
        for (LeafSymbol leaf : program.leaves()) {
            Tensor t = lowering.tensor(leaf.name());
            domains.put(t, leaf.domain());
            if (leaf.fixedValue() != null) {
                fixed.put(t, exactly(leaf.fixedValue()));
            }
        }
        this.settings = settings;
        this.minimumSizes = Map.copyOf(computeMinimumSizes());
        this.checker = new RandomChecker(model.graph(), domains, fixed, minimumSizes, settings);
        this.canonical = new LazyUnfolding(model.graph(), fixed, domains);
        this.polynomials = new CompletePolynomials(program, domains, fixed.keySet());
        this.explanation = new Explanation(canonical.inlined(), checker, settings.samples());
    }

    public Model model() {
        return model;
    }

    /** The smallest size of each dim that the file's literal positions allow (absent: 1). */
    public Map<Dim, Integer> minimumSizes() {
        return minimumSizes;
    }

    /** The checks of every claim, derive chain and example, in source order. */
    public List<Check> run() {
        List<Check> out = new ArrayList<>();
        for (Ast.Statement s : program.file().statements()) {
            if (isChecked(s)) {
                out.add(check(s));
            }
        }
        return out;
    }

    /** The check of one statement of this program for which {@link #isChecked} holds. */
    public Check check(Ast.Statement s) {
        if (!program.errorsOf(s).isEmpty()) {
            return illFormed(s);
        } else if (s instanceof Ast.Claim) {
            return claim((Ast.Claim) s);
        } else if (s instanceof Ast.Derive) {
            return derive((Ast.Derive) s);
        } else if (s instanceof Ast.Example) {
            Check tooLarge = exampleTooLarge((Ast.Example) s);
            return tooLarge != null ? tooLarge : example((Ast.Example) s);
        }
        throw new IllegalArgumentException("not a checked statement: " + s.getClass().getSimpleName());
    }

    /** Whether a statement gets a verdict: all but declarations, definitions and {@code train}. */
    public static boolean isChecked(Ast.Statement s) {
        return !(s instanceof Ast.DimDecl || s instanceof Ast.LeafDecl || s instanceof Ast.Definition
                || s instanceof Ast.Train);
    }

    /** The kind of a checked statement: {@code claim}, {@code refute}, {@code derive} or {@code example}. */
    public static String kind(Ast.Statement s) {
        if (s instanceof Ast.Claim) {
            return ((Ast.Claim) s).keyword();
        } else if (s instanceof Ast.Derive) {
            return "derive";
        } else if (s instanceof Ast.Example) {
            return "example";
        }
        throw new IllegalArgumentException("not a checked statement: " + s.getClass().getSimpleName());
    }

    /** The label of a checked statement, or null. */
    public static String label(Ast.Statement s) {
        Ast.Label l = s instanceof Ast.Claim ? ((Ast.Claim) s).label()
                : s instanceof Ast.Derive ? ((Ast.Derive) s).label() : ((Ast.Example) s).label();
        return label(l);
    }

    /**
     * The verdict error, with its diagnostic at {@code at}, for a statement the front end accepted
     * but that cannot be evaluated within {@link dev.nabla.sema.Limits#MAX_ELEMENTS} elements per tensor.
     */
    private Check sizeError(Ast.Statement s, String kind, Ast.Label label, Ast.Node at, String why) {
        return Check.unsampled(s.span(), kind, label(label), Verdict.ERROR, null,
                List.of(new Diagnostic(at.span(), why)));
    }

    /** The error of a claim or derive chain that is too large even at its smallest sizes; null if none. */
    private Check tooLarge(Ast.Statement s, String kind, Ast.Label label, List<Ast.Expr> sides, List<Index> free) {
        for (int k = 0; k + 1 < sides.size(); k++) {
            Set<Expr> guards = model.partialOperations(sides.get(k));
            guards.addAll(model.partialOperations(sides.get(k + 1)));
            String why = checker.tooLarge(model.lower(sides.get(k)), model.lower(sides.get(k + 1)), free, guards);
            if (why != null) {
                return sizeError(s, kind, label, k == 0 ? s : sides.get(k + 1), why);
            }
        }
        return null;
    }

    /** The error of an example whose sizes make some expect too large to evaluate; null if none. */
    private Check exampleTooLarge(Ast.Example ex) {
        Map<Dim, Integer> sizes = new HashMap<>();
        program.sizes(ex).forEach((d, n) -> sizes.put(lowering.dim(d), n));
        List<Tensor> bound = new ArrayList<>();
        for (Ast.ExampleItem item : ex.items()) {
            if (item instanceof Ast.Binding) {
                bound.add(lowering.tensor(((Ast.Binding) item).name().text()));
            }
        }
        for (Ast.ExampleItem item : ex.items()) {
            if (item instanceof Ast.Expect) {
                Ast.Expect e = (Ast.Expect) item;
                List<Expr> evaluated = new ArrayList<>(model.partialOperations(e.lhs()));
                evaluated.addAll(model.partialOperations(e.rhs()));
                evaluated.add(model.lower(e.lhs()));
                evaluated.add(model.lower(e.rhs()));
                String why = SizeLimit.of(model.graph(), bound, lowering.freeIndices(e), evaluated.toArray(Expr[]::new))
                        .excess(d -> sizes.getOrDefault(d, 1), "the sizes of this example");
                if (why != null) {
                    return sizeError(ex, "example", ex.label(), e, why);
                }
            }
        }
        return null;
    }

    /** The verdict {@code error} for a statement the resolver found ill-formed, with its errors. */
    private Check illFormed(Ast.Statement s) {
        return Check.unsampled(s.span(), kind(s), label(s), Verdict.ERROR, null, program.errorsOf(s));
    }

    private Check claim(Ast.Claim c) {
        Check tooLarge = tooLarge(c, c.keyword(), c.label(), List.of(c.lhs(), c.rhs()), lowering.freeIndices(c));
        if (tooLarge != null) {
            return tooLarge;
        }
        Check identity = compare(c.keyword(), label(c.label()), c.span(), c.lhs(), c.rhs(), lowering.freeIndices(c));
        return c.refute() ? refutation(identity) : identity;
    }

    /**
     * The verdict of {@code refute}, which states that an identity is false: proved by a
     * counterexample (or canonical forms that differ), refuted where the identity is proved, and
     * also where it held at every sample, since a refute needs a counterexample. Inconclusive
     * and error stay as they are.
     */
    private static Check refutation(Check identity) {
        switch (identity.verdict()) {
            case REFUTED:
                return withVerdict(identity, Verdict.PROVED, identity.message());
            case PROVED:
                return withVerdict(identity, Verdict.REFUTED,
                        "the identity holds for every size: both sides reach the same canonical form");
            case TESTED:
                return withVerdict(identity, Verdict.REFUTED, "the identity is not proved, but it held at every sample;"
                        + " a refute needs a counterexample");
            default:
                return identity;
        }
    }

    private static Check withVerdict(Check c, Verdict v, String message) {
        return new Check(c.span(), c.kind(), c.label(), v, c.samples(), c.skipped(), c.undecidable(),
                c.largestRelativeError(), v == Verdict.PROVED ? c.counterexample() : null, message, c.diagnostics(),
                c.steps(), c.roundingZeros(), v == Verdict.PROVED ? c.explanation() : null);
    }

    private Check derive(Ast.Derive d) {
        List<Index> free = lowering.freeIndices(d);
        Check tooLarge = tooLarge(d, "derive", d.label(), d.steps(), free);
        if (tooLarge != null) {
            return tooLarge;
        }
        List<Check> steps = new ArrayList<>();
        Verdict chain = Verdict.PROVED;
        for (int k = 0; k + 1 < d.steps().size(); k++) {
            Ast.Expr to = d.steps().get(k + 1);
            Check step = compare("step", "step " + (k + 1), to.span(), d.steps().get(k), to, free);
            steps.add(step);
            chain = Verdict.weakest(chain, step.verdict());
        }
        int samples = steps.stream().mapToInt(Check::samples).sum();
        int skipped = steps.stream().mapToInt(Check::skipped).sum();
        int undecidable = steps.stream().mapToInt(Check::undecidable).sum();
        double worst = steps.stream().mapToDouble(Check::largestRelativeError).max().orElse(0);
        String explained = steps.stream().filter(s -> s.verdict() != Verdict.PROVED && s.verdict() != Verdict.TESTED)
                .findFirst().map(Check::explanation).orElse(null);
        return new Check(d.span(), "derive", label(d.label()), chain, samples, skipped, undecidable, worst, null, null,
                List.of(), steps, 0, explained);
    }

    /** Tests, then tries to prove, {@code lhs == rhs}. */
    private Check compare(String kind, String label, SourceSpan span, Ast.Expr left, Ast.Expr right, List<Index> free) {
        Expr lhs = model.lower(left);
        Expr rhs = model.lower(right);
        Set<Expr> guards = model.partialOperations(left);
        guards.addAll(model.partialOperations(right));
        Outcome outcome = checker.check(lhs, rhs, free, guards, lowering.lower(left), lowering.lower(right));
        if (outcome instanceof Outcome.Refuted) {
            Counterexample counterexample = ((Outcome.Refuted) outcome).counterexample();
            String why = explanation.of(new Explanation.Claim(lhs, rhs, free, guards, lowering.lower(left),
                    lowering.lower(right)), counterexample).map(Explanation.Found::text).orElse(null);
            return new Check(span, kind, label, Verdict.REFUTED, 0, 0, 0, 0, counterexample, null, List.of(),
                    List.of(), 0, why);
        }
        if (outcome instanceof Outcome.Undecided) {
            Outcome.Undecided u = (Outcome.Undecided) outcome;
            String detail = u.undecidable() == 0
                    ? "no sample where both sides are defined (" + u.skipped() + " tried): " + u.reason()
                    : "no sample could be decided: " + u.skipped() + " undefined, " + u.undecidable()
                    + " undecidable even in high precision (" + u.reason() + ")";
            return new Check(span, kind, label, u.undecidable() == 0 ? Verdict.ERROR : Verdict.INCONCLUSIVE,
                    0, u.skipped(), u.undecidable(), 0, null, detail, List.of(), List.of());
        }
        Outcome.Agreed agreed = (Outcome.Agreed) outcome;
        Optional<Expr> difference = canonical.difference(lhs, rhs);
        Verdict v = Verdict.TESTED;
        String detail = null;
        boolean constant = difference.isPresent() && difference.get() instanceof Expr.Const
                && difference.get() != Ir.ZERO;
        boolean polynomial = difference.isPresent() && difference.get() != Ir.ZERO && !constant
                && polynomials.refutes(left, right, difference.get());
        if ((constant || polynomial) && checker.check(lhs, Ir.add(rhs, difference.get()), free, guards)
                instanceof Outcome.Refuted) {
            // lhs = rhs + difference must hold numerically too; if not, the canonical form is wrong
            // here, and a refutation resting on it could be a lie
            v = Verdict.INCONCLUSIVE;
            detail = "the canonical forms differ by " + abbreviated(difference.get()) + ", but the samples contradict"
                    + " that difference: nabla is inconsistent on this claim (a bug in nabla; please report it)";
        } else if (difference.isPresent() && difference.get() == Ir.ZERO) {
            v = Verdict.PROVED;
        } else if (constant) {
            // the canonical form keeps values wherever the sides are defined, and they were at the samples
            v = Verdict.REFUTED;
            detail = "the sides differ by exactly " + Ir.neg(difference.get()) + " wherever both are defined"
                    + " (their canonical forms differ by a constant), too little for high precision to show"
                    + " at the magnitudes of the " + agreed.samples() + " samples drawn";
        } else if (polynomial) {
            v = Verdict.REFUTED;
            detail = "the sides are polynomials whose canonical forms differ by " + abbreviated(difference.get())
                    + ",\nnonzero almost everywhere on the domains; too small a difference for high precision to show"
                    + " at the " + agreed.samples() + " samples drawn";
        } else if (tooFewDecided(agreed)) {
            v = Verdict.INCONCLUSIVE;
            detail = "only " + agreed.samples() + " of " + settings.samples() + " samples could be compared: "
                    + agreed.skipped() + " undefined, " + agreed.undecidable() + " undecidable even in high precision ("
                    + agreed.reason() + ")" + (agreed.skipped() > agreed.undecidable()
                    ? "; declare domains that keep both sides defined" : "");
        }
        return new Check(span, kind, label, v, agreed.samples(), agreed.skipped(), agreed.undecidable(),
                agreed.largestRelativeError(), null, detail, List.of(), List.of(), agreed.roundingZeros(), null);
    }

    /**
     * Testing needs a tenth of the samples compared, and at most a tenth of the defined ones
     * undecidable: the undecidable points may be exactly where a claim fails (a value set, a
     * power that overflows wherever it differs).
     */
    private boolean tooFewDecided(Outcome.Agreed a) {
        return a.samples() * 10L < settings.samples() || a.undecidable() * 10L > a.samples() + a.undecidable();
    }

    private static String abbreviated(Expr e) {
        String s = e.toString();
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }

    private Check example(Ast.Example ex) {
        Instance instance = instanceOf(ex);
        int expects = 0;
        double worst = 0;
        for (Ast.ExampleItem item : ex.items()) {
            if (!(item instanceof Ast.Expect)) {
                continue;
            }
            Ast.Expect e = (Ast.Expect) item;
            double tolerance = e.tolerance() == null ? ExampleChecker.DEFAULT_TOLERANCE : e.tolerance().doubleValue();
            Set<Expr> guards = model.partialOperations(e.lhs());
            guards.addAll(model.partialOperations(e.rhs()));
            ExampleChecker.Result r = ExampleChecker.check(model.graph(), instance, model.lower(e.lhs()),
                    model.lower(e.rhs()), lowering.freeIndices(e), guards, tolerance);
            if (!(r instanceof ExampleChecker.Holds)) {
                // an expect undefined at the example's values states nothing: an error, not a refutation
                Verdict v = r instanceof ExampleChecker.Fails ? Verdict.REFUTED
                        : r instanceof ExampleChecker.Undefined ? Verdict.ERROR : Verdict.INCONCLUSIVE;
                String where = "expect at line " + e.span().line();
                if (r instanceof ExampleChecker.Fails) {
                    ExampleChecker.Fails f = (ExampleChecker.Fails) r;
                    Counterexample at = new Counterexample(Map.of(), Map.of(), Map.of(), f.at(), f.lhs(), f.rhs(),
                            f.lhsText(), f.rhsText());
                    return new Check(ex.span(), "example", label(ex.label()), v, 1, 0, 0, 0, at, where + " fails",
                            List.of(), List.of());
                }
                return new Check(ex.span(), "example", label(ex.label()), v, 1, 0, 0, 0, null, where + " " + r,
                        List.of(), List.of());
            }
            expects++;
            worst = Math.max(worst, ((ExampleChecker.Holds) r).largestRelativeError());
        }
        return new Check(ex.span(), "example", label(ex.label()), Verdict.TESTED, expects, 0, 0, worst, null, null,
                List.of(), List.of());
    }

    /** The example's sizes, its bound values, and the fixed values of declared constants. */
    private Instance instanceOf(Ast.Example ex) {
        Map<Dim, Integer> sizes = new HashMap<>();
        for (Map.Entry<DimSymbol, Integer> e : program.sizes(ex).entrySet()) {
            sizes.put(lowering.dim(e.getKey()), e.getValue());
        }
        Map<Tensor, double[]> values = new HashMap<>();
        Map<Tensor, BigFraction> exact = new HashMap<>();
        for (LeafSymbol leaf : program.leaves()) {
            if (leaf.fixedValue() != null) {
                values.put(lowering.tensor(leaf.name()), new double[] {leaf.fixedValue().doubleValue()});
                exact.put(lowering.tensor(leaf.name()), exactly(leaf.fixedValue()));
            }
        }
        Evaluator constants = new Evaluator(model.graph(), Instance.empty());
        for (Ast.ExampleItem item : ex.items()) {
            if (item instanceof Ast.Binding) {
                Ast.Binding b = (Ast.Binding) item;
                List<Double> flat = new ArrayList<>();
                flatten(b.value(), constants, flat);
                double[] v = new double[flat.size()];
                for (int k = 0; k < v.length; k++) {
                    v[k] = flat.get(k);
                }
                values.put(lowering.tensor(b.name().text()), v);
            }
        }
        return new Instance(sizes, values, exact);
    }

    private void flatten(Ast.Value value, Evaluator constants, List<Double> out) {
        if (value instanceof Ast.ArrayValue) {
            for (Ast.Value v : ((Ast.ArrayValue) value).elements()) {
                flatten(v, constants, out);
            }
        } else {
            Expr e = lowering.lower(((Ast.ScalarValue) value).expr());
            out.add(constants.evaluate(e, List.of()).values()[0]);
        }
    }

    /**
     * Each dim must be at least as large as every literal position used in a slot over it,
     * wherever it occurs: in a definition (including the adjoint definitions that expanding a
     * claim's {@code diff} adds, so every side is lowered before the definitions are walked), in
     * a side or a definition's body as written, in their partial operations (which guard every
     * sample) and in the subscripts of a {@code diff}'s variable.
     */
    private Map<Dim, Integer> computeMinimumSizes() {
        List<Expr> sides = new ArrayList<>();
        program.definitions().forEach(d -> sides.add(lowering.lower(d.definition().body())));
        // the partial operations guard every sample, even where simplification folded them away
        program.definitions().forEach(d -> sides.addAll(model.partialOperations(d.definition().body())));
        for (Ast.Statement s : program.file().statements()) {
            if (!program.errorsOf(s).isEmpty()) {
                continue;
            }
            List<Ast.Expr> written = new ArrayList<>();
            if (s instanceof Ast.Claim) {
                written.add(((Ast.Claim) s).lhs());
                written.add(((Ast.Claim) s).rhs());
            } else if (s instanceof Ast.Derive) {
                written.addAll(((Ast.Derive) s).steps());
            }
            for (Ast.Expr e : written) {
                sides.add(lowering.lower(e));
                sides.add(model.lower(e));
                sides.addAll(model.partialOperations(e));
            }
        }
        Map<Dim, Integer> min = new HashMap<>();
        Set<Expr> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Expr e : sides) {
            positions(e, min, seen);
        }
        for (Definition d : model.graph().definitions()) {
            positions(d.body(), min, seen);
        }
        return min;
    }

    private static void positions(Expr root, Map<Dim, Integer> min, Set<Expr> seen) {
        java.util.Deque<Expr> work = new java.util.ArrayDeque<>();
        work.push(root);
        while (!work.isEmpty()) {
            Expr e = work.pop();
            if (!seen.add(e)) {
                continue;
            }
            if (e instanceof Expr.Access) {
                Expr.Access a = (Expr.Access) e;
                positions(a.tensor(), a.subscripts(), min);
            }
            if (e instanceof Expr.Diff) {
                Expr.Diff d = (Expr.Diff) e;
                positions(d.variable(), d.at(), min);
            }
            if (e instanceof Expr.Delta) {
                Expr.Delta d = (Expr.Delta) e;
                position(d.left(), d.right(), min);
                position(d.right(), d.left(), min);
            }
            for (Expr c : dev.nabla.ir.Children.of(e)) {
                work.push(c);
            }
        }
    }

    private static void positions(Tensor t, List<Subscript> subscripts, Map<Dim, Integer> min) {
        for (int k = 0; k < subscripts.size(); k++) {
            if (subscripts.get(k) instanceof Position) {
                min.merge(t.shape().get(k), ((Position) subscripts.get(k)).value(), Math::max);
            }
        }
    }

    /** {@code delta(2, i)} compares a position with an index over some dim: the dim must reach it. */
    private static void position(Subscript s, Subscript other, Map<Dim, Integer> min) {
        if (s instanceof Position && other instanceof Index) {
            min.merge(((Index) other).dim(), ((Position) s).value(), Math::max);
        }
    }

    private static BigFraction exactly(java.math.BigDecimal v) {
        return v.scale() <= 0 ? new BigFraction(v.toBigIntegerExact())
                : new BigFraction(v.unscaledValue(), java.math.BigInteger.TEN.pow(v.scale()));
    }

    private static String label(Ast.Label l) {
        return l == null ? null : l.text();
    }
}
