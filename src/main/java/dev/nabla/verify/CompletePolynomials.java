package dev.nabla.verify;

import dev.nabla.ir.Children;
import dev.nabla.ir.Expr;
import dev.nabla.ir.Tensor;
import dev.nabla.sema.DefinitionSymbol;
import dev.nabla.sema.Program;
import dev.nabla.sema.Symbol;
import dev.nabla.sema.ValueDomain;
import dev.nabla.syntax.Ast;
import org.apache.commons.math3.fraction.BigFraction;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where the canonical form is complete, two different forms are a refutation: for sides written
 * as polynomials (no function, no division but by a number or a dim, no power but a natural
 * number), defined everywhere, whose difference is a nonzero polynomial in leaves that range
 * over intervals of positive width. Such a polynomial is nonzero on almost all of any box, so
 * the claim fails even where the difference is too small for any precision to show at a sample.
 * Not over value sets: with {@code x in {0, 1}}, {@code x^2 == x} holds.
 */
final class CompletePolynomials {
    private final Program program;
    private final Map<Tensor, ValueDomain> domains;
    private final Set<Tensor> fixed;
    private final Map<String, Boolean> definitions = new HashMap<>();

    CompletePolynomials(Program program, Map<Tensor, ValueDomain> domains, Set<Tensor> fixed) {
        this.program = program;
        this.domains = domains;
        this.fixed = fixed;
    }

    /** Whether a difference of canonical forms, for sides as written, proves them different. */
    boolean refutes(Ast.Expr lhs, Ast.Expr rhs, Expr canonicalDifference) {
        return !(canonicalDifference instanceof Expr.Const && ((Expr.Const) canonicalDifference).is(0))
                && writtenAsPolynomial(lhs) && writtenAsPolynomial(rhs) && isPolynomial(canonicalDifference);
    }

    /** Defined everywhere and polynomial as written, through every definition it names. */
    private boolean writtenAsPolynomial(Ast.Expr e) {
        if (e instanceof Ast.Num || e instanceof Ast.Delta) {
            return true;
        }
        if (e instanceof Ast.Ref) {
            Symbol s = program.symbol(((Ast.Ref) e).name().text());
            if (!(s instanceof DefinitionSymbol)) {
                return true;
            }
            String name = s.name();
            Boolean known = definitions.get(name);
            if (known == null) {
                definitions.put(name, false); // a cycle is an error elsewhere; here it is simply not known
                known = writtenAsPolynomial(((DefinitionSymbol) s).definition().body());
                definitions.put(name, known);
            }
            return known;
        }
        if (e instanceof Ast.Neg) {
            return writtenAsPolynomial(((Ast.Neg) e).operand());
        }
        if (e instanceof Ast.Sum) {
            return writtenAsPolynomial(((Ast.Sum) e).body());
        }
        if (e instanceof Ast.Diff) {
            // the derivative of a polynomial is one
            return writtenAsPolynomial(((Ast.Diff) e).function());
        }
        if (e instanceof Ast.Binary) {
            Ast.Binary b = (Ast.Binary) e;
            switch (b.op()) {
                case ADD: case SUB: case MUL:
                    return writtenAsPolynomial(b.left()) && writtenAsPolynomial(b.right());
                case DIV:
                    return writtenAsPolynomial(b.left()) && (isNonzeroNumber(b.right()) || isDim(b.right()));
                case POW:
                    return writtenAsPolynomial(b.left()) && isNaturalNumber(b.right());
                default:
                    return false;
            }
        }
        return false;
    }

    private static boolean isNonzeroNumber(Ast.Expr e) {
        return e instanceof Ast.Num && ((Ast.Num) e).value().signum() != 0;
    }

    private static boolean isNaturalNumber(Ast.Expr e) {
        if (!(e instanceof Ast.Num)) {
            return false;
        }
        BigDecimal v = ((Ast.Num) e).value();
        return v.signum() >= 0 && v.stripTrailingZeros().scale() <= 0;
    }

    private boolean isDim(Ast.Expr e) {
        return e instanceof Ast.Ref && program.symbol(((Ast.Ref) e).name().text()) instanceof dev.nabla.sema.DimSymbol;
    }

    /**
     * A polynomial with rational coefficients in leaf elements that range over intervals of
     * positive width, and in dims (positive integers, which no nonzero rational function of
     * them vanishes on). Sums and deltas are left out: nothing here claims completeness for them.
     */
    private boolean isPolynomial(Expr e) {
        for (Expr x : Children.reachable(e)) {
            if (x instanceof Expr.Pow) {
                Expr.Pow p = (Expr.Pow) x;
                if (!(p.exponent() instanceof Expr.Const) || !isInteger(((Expr.Const) p.exponent()).value())) {
                    return false;
                }
                if (((Expr.Const) p.exponent()).value().compareTo(BigFraction.ZERO) < 0
                        && !(p.base() instanceof Expr.DimSize)) {
                    return false;
                }
            } else if (x instanceof Expr.Access) {
                Tensor t = ((Expr.Access) x).tensor();
                ValueDomain d = domains.getOrDefault(t, ValueDomain.DEFAULT);
                if (!t.isLeaf() || fixed.contains(t) || d.isSet() || !(d.lo() < d.hi())) {
                    return false;
                }
            } else if (!(x instanceof Expr.Const || x instanceof Expr.DimSize || x instanceof Expr.Add
                    || x instanceof Expr.Mul)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isInteger(BigFraction f) {
        return f.getDenominator().equals(BigInteger.ONE);
    }
}
