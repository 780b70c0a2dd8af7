package dev.nabla.latex;

import dev.nabla.autodiff.Adjoints;
import dev.nabla.ir.Definition;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Fn;
import dev.nabla.ir.Index;
import dev.nabla.ir.Ir;
import dev.nabla.ir.Position;
import dev.nabla.ir.Subscript;
import dev.nabla.ir.Substitution;
import dev.nabla.ir.Tensor;
import org.apache.commons.math3.fraction.BigFraction;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Renders IR, and so the programs reverse mode derives, in LaTeX: an adjoint tensor is written
 * as the derivative it is ({@code dE_dw[h, j]} is {@code \frac{\partial E}{\partial w_{hj}}}),
 * a negative term as a subtraction, a negative power as a fraction. Memoized, because IR is a DAG.
 */
public final class IrLatex {
    private final Notation notation;
    private final Function<Tensor, Adjoints> passOf;
    private final Map<Expr, Tex> memo = new IdentityHashMap<>();

    /**
     * @param passOf the reverse-mode pass that derived an adjoint tensor, or null for any other
     *               tensor (which is then written by its name)
     */
    public IrLatex(Notation notation, Function<Tensor, Adjoints> passOf) {
        this.notation = notation;
        this.passOf = passOf;
    }

    /** {@code lhs = body} for one definition. */
    public String definition(Definition d) {
        return lhs(d) + " = " + expr(d.body());
    }

    /** The defined tensor at its indices. */
    public String lhs(Definition d) {
        return access(d.tensor(), d.indices());
    }

    public String expr(Expr e) {
        return tex(e).text();
    }

    private Tex tex(Expr e) {
        Tex t = memo.get(e);
        if (t == null) {
            t = render(e);
            memo.put(e, t);
        }
        return t;
    }

    private Tex render(Expr e) {
        if (e instanceof Expr.Const) {
            return constant(((Expr.Const) e).value());
        }
        if (e instanceof Expr.DimSize) {
            return Tex.atom(notation.name(((Expr.DimSize) e).dim().name()));
        }
        if (e instanceof Expr.Access) {
            Expr.Access a = (Expr.Access) e;
            String text = access(a.tensor(), a.subscripts());
            return text.startsWith("\\frac") ? new Tex(text, Tex.FRACTION, false, false) : Tex.atom(text);
        }
        if (e instanceof Expr.Delta) {
            Expr.Delta d = (Expr.Delta) e;
            return Tex.atom(notation.delta(d.left().toString(), d.right().toString()));
        }
        if (e instanceof Expr.Call) {
            Expr.Call c = (Expr.Call) e;
            boolean prime = c.fn() == Fn.RELU_PRIME;
            return Tex.atom(notation.call(prime ? "relu" : c.fn().spelling(), prime, expr(c.arg())));
        }
        if (e instanceof Expr.Sum) {
            List<Index> bound = new ArrayList<>();
            Expr body = e;
            while (body instanceof Expr.Sum) {
                bound.add(((Expr.Sum) body).index());
                body = ((Expr.Sum) body).body();
            }
            Tex b = tex(body);
            String text = b.level() == Tex.ADD ? notation.parens(b.text()) : b.text();
            for (int k = bound.size() - 1; k >= 0; k--) {
                text = notation.sum(bound.get(k).name(), bound.get(k).dim().name(), text);
            }
            return new Tex(text, Tex.BIG_OPERATOR, true, false);
        }
        if (e instanceof Expr.Diff) {
            Expr.Diff d = (Expr.Diff) e;
            Tex f = tex(d.function());
            String x = access(d.variable(), d.at());
            String text = d.function() instanceof Expr.Access && !f.text().startsWith("\\frac")
                    ? notation.partial(f.text(), List.of(x))
                    : notation.partial("", List.of(x)) + " " + notation.parens(f.text());
            return new Tex(text, Tex.FRACTION, false, false);
        }
        if (e instanceof Expr.Pow) {
            Expr.Pow p = (Expr.Pow) e;
            if (isDivision(p)) {
                return new Tex(notation.fraction("1", expr(reciprocal(p))), Tex.FRACTION, false, false);
            }
            if (p.exponent() instanceof Expr.Const && ((Expr.Const) p.exponent()).value().equals(new BigFraction(1, 2))) {
                return Tex.atom("\\sqrt{" + expr(p.base()) + "}");
            }
            return new Tex(tex(p.base()).asBase(notation) + "^{" + expr(p.exponent()) + "}", Tex.POW, false, true);
        }
        if (e instanceof Expr.Mul) {
            return product(((Expr.Mul) e).factors());
        }
        return terms(((Expr.Add) e).terms());
    }

    /** The tensor at its subscripts; an adjoint as the derivative it stands for. */
    private String access(Tensor t, List<? extends Subscript> subscripts) {
        Derivative d = derivative(t, subscripts);
        if (d == null) {
            return notation.access(t.name(), slots(subscripts));
        }
        return d.function() != null ? notation.partial(d.function(), d.variables())
                : notation.partial("", d.variables()) + " " + notation.parens(d.expression());
    }

    /**
     * What an adjoint tensor's element stands for: ∂F/∂x for a named F ({@code function}, with
     * the variables from the outermost), ∂/∂x of an expression otherwise.
     */
    private record Derivative(String function, List<String> variables, String expression) {
    }

    /** The derivative an access of t stands for, or null when t is no adjoint. */
    private Derivative derivative(Tensor t, List<? extends Subscript> subscripts) {
        Adjoints pass = passOf == null ? null : passOf.apply(t);
        Tensor variable = pass == null ? null : variableOf(pass, t);
        if (variable == null) {
            return null;
        }
        int outer = pass.outer().size();
        Map<Index, Subscript> at = new HashMap<>();
        for (int k = 0; k < outer; k++) {
            at.put(pass.outer().get(k), subscripts.get(k));
        }
        String x = notation.access(variable.name(), slots(subscripts.subList(outer, subscripts.size())));
        Expr function = Substitution.apply(pass.function(), at);
        if (!(function instanceof Expr.Access)) {
            return new Derivative(null, List.of(x), expr(function));
        }
        Expr.Access f = (Expr.Access) function;
        Derivative inner = derivative(f.tensor(), f.subscripts());
        if (inner != null && inner.function() != null) {
            // ∂/∂x of ∂F/∂y is ∂²F/∂x∂y
            List<String> variables = new ArrayList<>(List.of(x));
            variables.addAll(inner.variables());
            return new Derivative(inner.function(), variables, null);
        }
        return new Derivative(expr(function), List.of(x), null);
    }

    private static Tensor variableOf(Adjoints pass, Tensor adjoint) {
        for (Map.Entry<Tensor, Tensor> e : pass.byVariable().entrySet()) {
            if (e.getValue() == adjoint) {
                return e.getKey();
            }
        }
        return null;
    }

    private static List<Notation.Slot> slots(List<? extends Subscript> subscripts) {
        List<Notation.Slot> out = new ArrayList<>();
        for (Subscript s : subscripts) {
            out.add(s instanceof Index ? new Notation.Slot(((Index) s).name(), ((Index) s).dim().name())
                    : new Notation.Slot(Integer.toString(((Position) s).value()), null));
        }
        return out;
    }

    private Tex constant(BigFraction v) {
        BigFraction magnitude = v.abs();
        Tex t = magnitude.getDenominator().equals(BigInteger.ONE) ? Tex.atom(magnitude.getNumerator().toString())
                : new Tex(notation.fraction(magnitude.getNumerator().toString(), magnitude.getDenominator().toString()),
                Tex.FRACTION, false, false);
        return v.getNumerator().signum() < 0 ? new Tex("-" + t.text(), Tex.NEG, false, false) : t;
    }

    private static boolean isDivision(Expr.Pow p) {
        return p.exponent() instanceof Expr.Const && ((Expr.Const) p.exponent()).value().getNumerator().signum() < 0;
    }

    private static Expr reciprocal(Expr.Pow p) {
        return Ir.pow(p.base(), Ir.neg(p.exponent()));
    }

    /** A coefficient, the factors over the divisors: {@code -\frac{\lambda}{m}}, {@code \frac{1}{2} \sum ...}. */
    private Tex product(List<Expr> factors) {
        BigFraction coefficient = BigFraction.ONE;
        List<Expr> numerator = new ArrayList<>();
        List<Expr> denominator = new ArrayList<>();
        for (Expr f : factors) {
            if (f instanceof Expr.Const) {
                coefficient = coefficient.multiply(((Expr.Const) f).value());
            } else if (f instanceof Expr.Pow && isDivision((Expr.Pow) f)) {
                denominator.add(reciprocal((Expr.Pow) f));
            } else {
                numerator.add(f);
            }
        }
        BigFraction magnitude = coefficient.abs();
        String sign = coefficient.getNumerator().signum() < 0 ? "-" : "";
        Tex body;
        if (denominator.isEmpty()) {
            List<String> parts = new ArrayList<>();
            if (!magnitude.equals(BigFraction.ONE) || numerator.isEmpty()) {
                parts.add(constant(magnitude).text());
            }
            for (int k = 0; k < numerator.size(); k++) {
                parts.add(tex(numerator.get(k)).asFactor(notation, parts.isEmpty(), k == numerator.size() - 1));
            }
            boolean open = !numerator.isEmpty() && tex(numerator.get(numerator.size() - 1)).open();
            body = new Tex(Tex.juxtapose(parts), parts.size() == 1 && numerator.size() == 1
                    ? tex(numerator.get(0)).level() : Tex.MUL, open, false);
        } else {
            String num = juxtaposed(numerator, magnitude.getNumerator());
            String den = juxtaposed(denominator, magnitude.getDenominator());
            body = new Tex(notation.fraction(num, den), Tex.FRACTION, false, false);
        }
        if (sign.isEmpty()) {
            return body;
        }
        String inner = body.level() == Tex.ADD ? notation.parens(body.text()) : body.text();
        return new Tex("-" + inner, Tex.NEG, body.open(), false);
    }

    private String juxtaposed(List<Expr> factors, BigInteger coefficient) {
        List<String> parts = new ArrayList<>();
        if (!coefficient.equals(BigInteger.ONE) || factors.isEmpty()) {
            parts.add(coefficient.toString());
        }
        if (parts.isEmpty() && factors.size() == 1) {
            return expr(factors.get(0)); // alone above or below the bar, it needs no parentheses
        }
        for (int k = 0; k < factors.size(); k++) {
            parts.add(tex(factors.get(k)).asFactor(notation, parts.isEmpty(), k == factors.size() - 1));
        }
        return Tex.juxtapose(parts);
    }

    /** A sum led by its first positive term, negative ones subtracted, as {@link dev.nabla.ir.Printer} does. */
    private Tex terms(List<Expr> terms) {
        List<Expr> ordered = new ArrayList<>(terms);
        for (int k = 0; k < ordered.size(); k++) {
            if (Ir.coefficientOf(ordered.get(k)).getNumerator().signum() > 0) {
                ordered.add(0, ordered.remove(k));
                break;
            }
        }
        StringBuilder out = new StringBuilder(tex(ordered.get(0)).text());
        for (Expr t : ordered.subList(1, ordered.size())) {
            if (Ir.coefficientOf(t).getNumerator().signum() < 0) {
                Tex n = tex(Ir.neg(t));
                out.append(" - ").append(n.level() == Tex.ADD ? notation.parens(n.text()) : n.text());
            } else {
                out.append(" + ").append(tex(t).text());
            }
        }
        return new Tex(out.toString(), Tex.ADD, false, false);
    }
}
