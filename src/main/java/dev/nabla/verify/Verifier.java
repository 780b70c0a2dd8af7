package dev.nabla.verify;

import dev.nabla.autodiff.Model;
import dev.nabla.diag.Diagnostic;
import dev.nabla.ir.Definition;
import dev.nabla.ir.Dim;
import dev.nabla.ir.Evaluator;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Index;
import dev.nabla.ir.Instance;
import dev.nabla.ir.Lowering;
import dev.nabla.ir.Position;
import dev.nabla.ir.Subscript;
import dev.nabla.ir.Tensor;
import dev.nabla.sema.DimSymbol;
import dev.nabla.sema.LeafSymbol;
import dev.nabla.sema.Program;
import dev.nabla.sema.ValueDomain;
import dev.nabla.syntax.Ast;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
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
    private final CanonicalForm canonical;

    public Verifier(Program program, RandomChecker.Settings settings) {
        this.program = program;
        this.model = new Model(program);
        this.lowering = model.lowering();
        Map<Tensor, ValueDomain> domains = new HashMap<>();
        Map<Tensor, Double> fixed = new HashMap<>();
        for (LeafSymbol leaf : program.leaves()) {
            Tensor t = lowering.tensor(leaf.name());
            domains.put(t, leaf.domain());
            if (leaf.fixedValue() != null) {
                fixed.put(t, leaf.fixedValue().doubleValue());
            }
        }
        this.checker = new RandomChecker(model.graph(), domains, fixed, minimumSizes(), settings);
        this.canonical = new CanonicalForm(model.graph());
    }

    public Model model() {
        return model;
    }

    /** The checks of every claim, derive chain and example, in source order. */
    public List<Check> run() {
        List<Check> out = new ArrayList<>();
        for (Ast.Statement s : program.file().statements()) {
            if (!program.errorsOf(s).isEmpty()) {
                out.add(illFormed(s));
            } else if (s instanceof Ast.Claim) {
                out.add(claim((Ast.Claim) s));
            } else if (s instanceof Ast.Derive) {
                out.add(derive((Ast.Derive) s));
            } else if (s instanceof Ast.Example) {
                out.add(example((Ast.Example) s));
            }
        }
        return out;
    }

    /** The verdict {@code error} for a statement the resolver found ill-formed, with its errors. */
    private Check illFormed(Ast.Statement s) {
        String kind = s instanceof Ast.Claim ? "claim" : s instanceof Ast.Derive ? "derive" : "example";
        Ast.Label label = s instanceof Ast.Claim ? ((Ast.Claim) s).label()
                : s instanceof Ast.Derive ? ((Ast.Derive) s).label() : ((Ast.Example) s).label();
        StringBuilder detail = new StringBuilder();
        for (Diagnostic d : program.errorsOf(s)) {
            detail.append(detail.length() == 0 ? "" : "\n").append(d.span()).append(": error: ").append(d.message());
        }
        return new Check(file(), s.span().line(), kind, label(label), Verdict.ERROR, 0, 0, 0, detail.toString(),
                List.of());
    }

    private Check claim(Ast.Claim c) {
        return compare("claim", label(c.label()), c.span().line(), c.lhs(), c.rhs(), lowering.freeIndices(c));
    }

    private Check derive(Ast.Derive d) {
        List<Index> free = lowering.freeIndices(d);
        List<Check> steps = new ArrayList<>();
        Verdict chain = Verdict.PROVED;
        Check firstFailure = null;
        for (int k = 0; k + 1 < d.steps().size(); k++) {
            Ast.Expr to = d.steps().get(k + 1);
            Check step = compare("step", "step " + (k + 1), to.span().line(), d.steps().get(k), to, free);
            steps.add(step);
            chain = Verdict.weakest(chain, step.verdict());
            if (firstFailure == null && (step.verdict() == Verdict.REFUTED || step.verdict() == Verdict.ERROR)) {
                firstFailure = step;
            }
        }
        String detail = null;
        if (firstFailure != null) {
            detail = "first failing step: step " + (steps.indexOf(firstFailure) + 1) + " at line "
                    + firstFailure.line() + "\n" + firstFailure.detail();
        }
        int samples = steps.stream().mapToInt(Check::samples).sum();
        int skipped = steps.stream().mapToInt(Check::skipped).sum();
        double worst = steps.stream().mapToDouble(Check::largestRelativeError).max().orElse(0);
        return new Check(file(), d.span().line(), "derive", label(d.label()), chain, samples, skipped, worst,
                detail, steps);
    }

    /** Tests, then tries to prove, {@code lhs == rhs}. */
    private Check compare(String kind, String label, int line, Ast.Expr left, Ast.Expr right, List<Index> free) {
        Expr lhs = model.lower(left);
        Expr rhs = model.lower(right);
        Outcome outcome = checker.check(lhs, rhs, free, lowering.lower(left), lowering.lower(right));
        if (outcome instanceof Outcome.Refuted) {
            return new Check(file(), line, kind, label, Verdict.REFUTED, 0, 0, 0,
                    ((Outcome.Refuted) outcome).counterexample().render(), List.of());
        }
        if (outcome instanceof Outcome.Undecided) {
            int skipped = ((Outcome.Undecided) outcome).skipped();
            return new Check(file(), line, kind, label, Verdict.ERROR, 0, skipped, 0,
                    "no sample where both sides are defined (" + skipped + " tried)", List.of());
        }
        Outcome.Agreed agreed = (Outcome.Agreed) outcome;
        Verdict v = canonical.provesEqual(lhs, rhs) ? Verdict.PROVED : Verdict.TESTED;
        return new Check(file(), line, kind, label, v, agreed.samples(), agreed.skipped(),
                agreed.largestRelativeError(), null, List.of());
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
            ExampleChecker.Result r = ExampleChecker.check(model.graph(), instance, model.lower(e.lhs()),
                    model.lower(e.rhs()), lowering.freeIndices(e), tolerance);
            if (r instanceof ExampleChecker.Fails) {
                return new Check(file(), ex.span().line(), "example", label(ex.label()), Verdict.REFUTED, 1, 0, 0,
                        "expect at line " + e.span().line() + " fails " + r, List.of());
            }
            expects++;
            worst = Math.max(worst, ((ExampleChecker.Holds) r).largestRelativeError());
        }
        return new Check(file(), ex.span().line(), "example", label(ex.label()), Verdict.TESTED, expects, 0, worst,
                null, List.of());
    }

    /** The example's sizes, its bound values, and the fixed values of declared constants. */
    private Instance instanceOf(Ast.Example ex) {
        Map<Dim, Integer> sizes = new HashMap<>();
        for (Map.Entry<DimSymbol, Integer> e : program.sizes(ex).entrySet()) {
            sizes.put(lowering.dim(e.getKey()), e.getValue());
        }
        Map<Tensor, double[]> values = new HashMap<>();
        for (LeafSymbol leaf : program.leaves()) {
            if (leaf.fixedValue() != null) {
                values.put(lowering.tensor(leaf.name()), new double[] {leaf.fixedValue().doubleValue()});
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
        return new Instance(sizes, values);
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
     * including those inside a {@code diff}: the sides are lowered first, so that the adjoint
     * definitions their diffs add to the graph are scanned too.
     */
    private Map<Dim, Integer> minimumSizes() {
        Map<Dim, Integer> min = new HashMap<>();
        Set<Expr> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Expr> lowered = new ArrayList<>();
        for (Ast.Statement s : program.file().statements()) {
            List<Ast.Expr> sides = new ArrayList<>();
            if (!program.errorsOf(s).isEmpty()) {
                continue;
            }
            if (s instanceof Ast.Claim) {
                sides.add(((Ast.Claim) s).lhs());
                sides.add(((Ast.Claim) s).rhs());
            } else if (s instanceof Ast.Derive) {
                sides.addAll(((Ast.Derive) s).steps());
            }
            for (Ast.Expr e : sides) {
                lowered.add(model.lower(e));
            }
        }
        for (Definition d : model.graph().definitions()) {
            positions(d.body(), min, seen);
        }
        for (Expr e : lowered) {
            positions(e, min, seen);
        }
        return min;
    }

    private static void positions(Expr e, Map<Dim, Integer> min, Set<Expr> seen) {
        if (!seen.add(e)) {
            return;
        }
        if (e instanceof Expr.Access) {
            Expr.Access a = (Expr.Access) e;
            for (int t = 0; t < a.subscripts().size(); t++) {
                Subscript s = a.subscripts().get(t);
                if (s instanceof Position) {
                    min.merge(a.tensor().shape().get(t), ((Position) s).value(), Math::max);
                }
            }
        }
        if (e instanceof Expr.Delta) {
            Expr.Delta d = (Expr.Delta) e;
            if (d.left() instanceof Position && d.right() instanceof Index) {
                min.merge(((Index) d.right()).dim(), ((Position) d.left()).value(), Math::max);
            }
        }
        for (Expr c : dev.nabla.ir.Children.of(e)) {
            positions(c, min, seen);
        }
    }

    private String file() {
        return program.source().name();
    }

    private static String label(Ast.Label l) {
        return l == null ? null : l.text();
    }
}
