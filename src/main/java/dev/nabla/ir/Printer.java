package dev.nabla.ir;

import org.apache.commons.math3.fraction.BigFraction;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Prints IR as {@code .nabla} source that parses back to the same value: minimal parentheses,
 * {@code a - b} for negative terms, {@code a / b} for negative powers, nested sums merged into
 * {@code sum(i, j, ...)}. Memoized, because printing recurses into a DAG.
 */
public final class Printer {
    private static final int ADD = 1;
    private static final int MUL = 2;
    private static final int UNARY = 3;
    private static final int POW = 4;
    private static final int ATOM = 5;

    private final Map<Expr, String> memo = new IdentityHashMap<>();
    private final Map<Expr, Integer> levels = new IdentityHashMap<>();

    public static String print(Expr e) {
        return new Printer().text(e);
    }

    /** {@code name[i, j] = body} for one definition. */
    public static String print(Definition d) {
        Set<Index> slotted = slotted(d.body(), new IdentityHashMap<>());
        List<String> lhs = new ArrayList<>();
        for (Index i : d.indices()) {
            // an index that only a delta mentions gets its range from the left-hand side
            lhs.add(slotted.contains(i) ? i.name() : i.name() + " in " + i.dim().name());
        }
        return d.tensor().name() + (lhs.isEmpty() ? "" : "[" + String.join(", ", lhs) + "]") + " = " + print(d.body());
    }

    /** The free indices of e that fill a slot of some tensor access (and so have their range there). */
    private static Set<Index> slotted(Expr e, Map<Expr, Set<Index>> memo) {
        Set<Index> known = memo.get(e);
        if (known != null) {
            return known;
        }
        Set<Index> out = new HashSet<>();
        if (e instanceof Expr.Access) {
            for (Subscript s : ((Expr.Access) e).subscripts()) {
                if (s instanceof Index) {
                    out.add((Index) s);
                }
            }
        }
        for (Expr c : Children.of(e)) {
            out.addAll(slotted(c, memo));
        }
        if (e instanceof Expr.Sum) {
            out.remove(((Expr.Sum) e).index());
        }
        memo.put(e, out);
        return out;
    }

    private static String join(List<? extends Subscript> subs) {
        return subs.stream().map(Object::toString).collect(Collectors.joining(", "));
    }

    /** The text of e, without outer parentheses. */
    public String text(Expr e) {
        String s = memo.get(e);
        if (s == null) {
            s = render(e);
            memo.put(e, s);
        }
        return s;
    }

    private String at(Expr e, int minLevel) {
        String s = text(e);
        return level(e) < minLevel ? "(" + s + ")" : s;
    }

    private int level(Expr e) {
        Integer l = levels.get(e);
        if (l == null) {
            l = computeLevel(e);
            levels.put(e, l);
        }
        return l;
    }

    private int computeLevel(Expr e) {
        if (e instanceof Expr.Add) {
            return ADD;
        }
        if (e instanceof Expr.Mul) {
            return MUL;
        }
        if (e instanceof Expr.Const) {
            BigFraction v = ((Expr.Const) e).value();
            String s = number(v.abs());
            if (s.contains("/")) {
                return MUL;
            }
            return v.compareTo(BigFraction.ZERO) < 0 ? UNARY : ATOM;
        }
        if (e instanceof Expr.Pow) {
            return isDivision((Expr.Pow) e) ? MUL : POW;
        }
        return ATOM;
    }

    private static boolean isDivision(Expr.Pow p) {
        return p.exponent() instanceof Expr.Const
                && ((Expr.Const) p.exponent()).value().compareTo(BigFraction.ZERO) < 0;
    }

    private String render(Expr e) {
        if (e instanceof Expr.Const) {
            BigFraction v = ((Expr.Const) e).value();
            return (v.compareTo(BigFraction.ZERO) < 0 ? "-" : "") + number(v.abs());
        }
        if (e instanceof Expr.DimSize) {
            return ((Expr.DimSize) e).dim().name();
        }
        if (e instanceof Expr.Access) {
            Expr.Access a = (Expr.Access) e;
            return a.tensor().name() + (a.subscripts().isEmpty() ? "" : "[" + join(a.subscripts()) + "]");
        }
        if (e instanceof Expr.Delta) {
            Expr.Delta d = (Expr.Delta) e;
            return "delta(" + d.left() + ", " + d.right() + ")";
        }
        if (e instanceof Expr.Call) {
            Expr.Call c = (Expr.Call) e;
            return c.fn().spelling() + "(" + text(c.arg()) + ")";
        }
        if (e instanceof Expr.Sum) {
            List<Index> bound = new ArrayList<>();
            Expr body = e;
            while (body instanceof Expr.Sum) {
                bound.add(((Expr.Sum) body).index());
                body = ((Expr.Sum) body).body();
            }
            // an index that fills no slot of the body (only a delta mentions it) declares its range
            Set<Index> slots = slotted(body, new IdentityHashMap<>());
            List<String> binders = new ArrayList<>();
            for (Index i : bound) {
                binders.add(slots.contains(i) ? i.name() : i.name() + " in " + i.dim().name());
            }
            return "sum(" + String.join(", ", binders) + ", " + text(body) + ")";
        }
        if (e instanceof Expr.Diff) {
            Expr.Diff d = (Expr.Diff) e;
            return "diff(" + text(d.function()) + ", " + d.variable().name()
                    + (d.at().isEmpty() ? "" : "[" + join(d.at()) + "]") + ")";
        }
        if (e instanceof Expr.Pow) {
            Expr.Pow p = (Expr.Pow) e;
            if (isDivision(p)) {
                return "1 / " + at(Ir.pow(p.base(), Ir.neg(p.exponent())), UNARY);
            }
            return at(p.base(), ATOM) + "^" + at(p.exponent(), UNARY);
        }
        if (e instanceof Expr.Mul) {
            return product(((Expr.Mul) e).factors());
        }
        return terms(((Expr.Add) e).terms());
    }

    private String product(List<Expr> factors) {
        BigFraction coefficient = BigFraction.ONE;
        List<Expr> numerator = new ArrayList<>();
        List<Expr> denominator = new ArrayList<>();
        for (Expr f : factors) {
            if (f instanceof Expr.Const) {
                coefficient = coefficient.multiply(((Expr.Const) f).value());
            } else if (f instanceof Expr.Pow && isDivision((Expr.Pow) f)) {
                Expr.Pow p = (Expr.Pow) f;
                denominator.add(Ir.pow(p.base(), Ir.neg(p.exponent())));
            } else {
                numerator.add(f);
            }
        }
        StringBuilder out = new StringBuilder();
        boolean negative = coefficient.compareTo(BigFraction.ZERO) < 0;
        BigFraction magnitude = coefficient.abs();
        if (negative) {
            out.append('-');
        }
        List<String> parts = new ArrayList<>();
        if (!magnitude.equals(BigFraction.ONE) || numerator.isEmpty()) {
            parts.add(number(magnitude));
        }
        for (Expr f : numerator) {
            parts.add(at(f, UNARY));
        }
        out.append(String.join(" * ", parts));
        if (!denominator.isEmpty()) {
            out.append(" / ");
            if (denominator.size() == 1) {
                out.append(at(denominator.get(0), UNARY));
            } else {
                List<String> d = new ArrayList<>();
                for (Expr f : denominator) {
                    d.add(at(f, UNARY));
                }
                out.append('(').append(String.join(" * ", d)).append(')');
            }
        }
        return out.toString();
    }

    /** A sum, led by its first positive term so that {@code yhat - y} reads as the book writes it. */
    private String terms(List<Expr> terms) {
        List<Expr> ordered = new ArrayList<>(terms);
        for (int k = 0; k < ordered.size(); k++) {
            if (Ir.coefficientOf(ordered.get(k)).compareTo(BigFraction.ZERO) > 0) {
                ordered.add(0, ordered.remove(k));
                break;
            }
        }
        StringBuilder out = new StringBuilder(at(ordered.get(0), MUL));
        for (Expr t : ordered.subList(1, ordered.size())) {
            if (Ir.coefficientOf(t).compareTo(BigFraction.ZERO) < 0) {
                out.append(" - ").append(at(Ir.neg(t), MUL));
            } else {
                out.append(" + ").append(at(t, MUL));
            }
        }
        return out.toString();
    }

    /** A non-negative rational: a terminating decimal when it has one, else {@code p/q}. */
    static String number(BigFraction v) {
        BigInteger den = v.getDenominator();
        if (den.equals(BigInteger.ONE)) {
            return integer(v.getNumerator());
        }
        BigInteger rest = den;
        for (BigInteger p : List.of(BigInteger.TWO, BigInteger.valueOf(5))) {
            while (rest.mod(p).signum() == 0) {
                rest = rest.divide(p);
            }
        }
        if (rest.equals(BigInteger.ONE) && den.bitLength() < 40) {
            return new BigDecimal(v.getNumerator()).divide(new BigDecimal(den)).stripTrailingZeros().toPlainString();
        }
        return integer(v.getNumerator()) + "/" + integer(den);
    }

    /** Literals stay below the double range, so a larger integer is written in base 10^300. */
    private static final BigInteger LITERAL_BASE = BigInteger.TEN.pow(300);

    /** A non-negative integer: its digits, or {@code (q * 1e300 + r)} where they would exceed a double. */
    private static String integer(BigInteger n) {
        if (n.compareTo(LITERAL_BASE) < 0) {
            return n.toString();
        }
        BigInteger[] qr = n.divideAndRemainder(LITERAL_BASE);
        return "(" + integer(qr[0]) + " * 1e300" + (qr[1].signum() == 0 ? "" : " + " + qr[1]) + ")";
    }
}
