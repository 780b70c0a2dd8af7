package dev.nabla.testkit;

import dev.nabla.ir.Definition;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Graph;
import dev.nabla.ir.Index;
import dev.nabla.ir.Instance;
import dev.nabla.ir.Position;
import dev.nabla.ir.Subscript;
import dev.nabla.ir.Tensor;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.apache.commons.math3.fraction.BigFraction;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An oracle for derivatives that shares nothing with nabla's autodiff: a direct interpreter of
 * forward IR over Commons Math {@link DerivativeStructure} (forward mode), where chosen leaf
 * elements are the free parameters. Memoized per node and assignment of its free indices;
 * defined tensors are followed through their definitions. It also records how close any
 * argument of abs, sign, step or relu came to its kink.
 */
public final class DualInterpreter {
    /** One free parameter: an element of a leaf at a row-major offset. */
    public record Parameter(Tensor leaf, int offset) {
    }

    private final Graph graph;
    private final Instance instance;
    private final List<Parameter> parameters;
    private final int order;
    private final Map<Expr, Map<List<Integer>, DerivativeStructure>> memo = new IdentityHashMap<>();
    private double closestKink = Double.POSITIVE_INFINITY;

    public DualInterpreter(Graph graph, Instance instance, List<Parameter> parameters, int order) {
        this.graph = graph;
        this.instance = instance;
        this.parameters = parameters;
        this.order = order;
    }

    /** The smallest |argument| seen at a kinked function. */
    public double closestKink() {
        return closestKink;
    }

    public DerivativeStructure evaluate(Expr e) {
        return evaluate(e, Map.of());
    }

    public DerivativeStructure evaluate(Expr e, Map<Index, Integer> env) {
        List<Integer> key = new ArrayList<>();
        for (Index i : e.freeIndices()) {
            Integer v = env.get(i);
            if (v == null) {
                throw new IllegalArgumentException("unbound index " + i + " in " + e);
            }
            key.add(v);
        }
        Map<List<Integer>, DerivativeStructure> byAssignment = memo.computeIfAbsent(e, k -> new HashMap<>());
        DerivativeStructure known = byAssignment.get(key);
        if (known == null) {
            known = compute(e, env);
            byAssignment.put(key, known);
        }
        return known;
    }

    private DerivativeStructure constant(double v) {
        return new DerivativeStructure(parameters.size(), order, v);
    }

    private DerivativeStructure compute(Expr e, Map<Index, Integer> env) {
        if (e instanceof Expr.Const) {
            return constant(((Expr.Const) e).value().doubleValue());
        }
        if (e instanceof Expr.DimSize) {
            return constant(instance.size(((Expr.DimSize) e).dim()));
        }
        if (e instanceof Expr.Delta) {
            Expr.Delta d = (Expr.Delta) e;
            return constant(position(d.left(), env) == position(d.right(), env) ? 1 : 0);
        }
        if (e instanceof Expr.Access) {
            return access((Expr.Access) e, env);
        }
        if (e instanceof Expr.Add) {
            DerivativeStructure r = null;
            for (Expr t : ((Expr.Add) e).terms()) {
                DerivativeStructure v = evaluate(t, env);
                r = r == null ? v : r.add(v);
            }
            return r;
        }
        if (e instanceof Expr.Mul) {
            DerivativeStructure r = null;
            for (Expr f : ((Expr.Mul) e).factors()) {
                DerivativeStructure v = evaluate(f, env);
                r = r == null ? v : r.multiply(v);
            }
            return r;
        }
        if (e instanceof Expr.Pow) {
            Expr.Pow p = (Expr.Pow) e;
            DerivativeStructure base = evaluate(p.base(), env);
            if (p.exponent() instanceof Expr.Const) {
                BigFraction n = ((Expr.Const) p.exponent()).value();
                if (n.getDenominator().equals(BigInteger.ONE)) {
                    return base.pow(n.intValue());
                }
                return base.pow(n.doubleValue());
            }
            return base.pow(evaluate(p.exponent(), env));
        }
        if (e instanceof Expr.Call) {
            Expr.Call c = (Expr.Call) e;
            return call(c, evaluate(c.arg(), env));
        }
        if (e instanceof Expr.Sum) {
            Expr.Sum s = (Expr.Sum) e;
            Map<Index, Integer> inner = new LinkedHashMap<>(env);
            DerivativeStructure r = constant(0);
            for (int v = 1; v <= instance.size(s.index().dim()); v++) {
                inner.put(s.index(), v);
                r = r.add(evaluate(s.body(), inner));
            }
            return r;
        }
        throw new IllegalArgumentException("the oracle evaluates forward IR only, not " + e);
    }

    private DerivativeStructure call(Expr.Call c, DerivativeStructure u) {
        double a = u.getValue();
        switch (c.fn()) {
            case EXP: return u.exp();
            case LOG: return u.log();
            case SQRT: return u.sqrt();
            case SIN: return u.sin();
            case COS: return u.cos();
            case TANH: return u.tanh();
            case SIGMOID: return u.negate().exp().add(1).reciprocal();
            case SOFTPLUS: return a > 0 ? u.add(u.negate().exp().log1p()) : u.exp().log1p();
            default: break;
        }
        closestKink = Math.min(closestKink, Math.abs(a));
        switch (c.fn()) {
            case ABS: return a >= 0 ? u : u.negate();
            case RELU: return a > 0 ? u : u.multiply(0);
            case SIGN: return constant(Math.signum(a));
            case STEP: return constant(a >= 0 ? 1 : 0);
            case RELU_PRIME: return constant(a > 0 ? 1 : 0);
            default: throw new AssertionError(c.fn());
        }
    }

    private DerivativeStructure access(Expr.Access a, Map<Index, Integer> env) {
        Tensor t = a.tensor();
        if (!t.isLeaf()) {
            Definition d = graph.definition(t);
            Map<Index, Integer> at = new LinkedHashMap<>();
            for (int k = 0; k < t.rank(); k++) {
                at.put(d.indices().get(k), position(a.subscripts().get(k), env));
            }
            return evaluate(d.body(), at);
        }
        int offset = 0;
        for (int k = 0; k < t.rank(); k++) {
            offset = offset * instance.size(t.shape().get(k)) + position(a.subscripts().get(k), env) - 1;
        }
        double v = instance.values(t)[offset];
        int p = parameters.indexOf(new Parameter(t, offset));
        return p < 0 ? constant(v) : new DerivativeStructure(parameters.size(), order, p, v);
    }

    private static int position(Subscript s, Map<Index, Integer> env) {
        if (s instanceof Position) {
            return ((Position) s).value();
        }
        Integer v = env.get((Index) s);
        if (v == null) {
            throw new IllegalArgumentException("unbound index " + s);
        }
        return v;
    }
}
