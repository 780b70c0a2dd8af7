package dev.nabla.sema;

import dev.nabla.ir.Fn;
import dev.nabla.syntax.Ast;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files that resolve: the model the resolver builds for them. */
class ResolverTest {

    private static List<String> names(List<DefinitionSymbol> defs) {
        return defs.stream().map(DefinitionSymbol::name).toList();
    }

    private static DimSymbol dim(Program p, String name) {
        return (DimSymbol) p.symbol(name);
    }

    private static Ast.Definition definition(Program p, String name) {
        return ((DefinitionSymbol) p.symbol(name)).definition();
    }

    private static <T extends Ast.Statement> T statement(Program p, Class<T> kind, int nth) {
        return p.file().statements().stream().filter(kind::isInstance).map(kind::cast).skip(nth).findFirst()
                .orElseThrow();
    }

    @Test
    void specExampleResolvesWithTheBooksRanges() {
        Program p = Resolving.ok(Resolving.resource("/spec-example.nabla"));
        DimSymbol d = dim(p, "d");
        DimSymbol q = dim(p, "q");
        DimSymbol l = dim(p, "l");

        assertEquals(List.of("alpha", "b", "beta", "yhat", "E", "g", "e"), names(p.definitions()));
        assertEquals(List.of(new IndexVar("h", q)), ((DefinitionSymbol) p.symbol("alpha")).indices());
        assertEquals(List.of(), ((DefinitionSymbol) p.symbol("E")).indices());
        assertEquals(List.of(new IndexVar("j", l)), ((DefinitionSymbol) p.symbol("yhat")).indices());

        Ast.Claim c513 = p.file().statements().stream().filter(s -> s instanceof Ast.Claim).map(s -> (Ast.Claim) s)
                .filter(c -> c.label().text().equals("5.13")).findFirst().orElseThrow();
        assertEquals(List.of(new IndexVar("i", d), new IndexVar("h", q)), p.freeIndices(c513));
        assertEquals(List.of(new IndexVar("j", l)), p.freeIndices(statement(p, Ast.Derive.class, 0)));

        Ast.Example example = statement(p, Ast.Example.class, 0);
        assertEquals(Map.of(d, 2, q, 2, l, 1), p.sizes(example));
        Ast.Expect first = (Ast.Expect) example.items().stream().filter(i -> i instanceof Ast.Expect)
                .findFirst().orElseThrow();
        assertEquals(List.of(), p.freeIndices(first));

        assertNotNull(p.train());
        assertEquals(List.of("d", "q", "l", "x", "y", "v", "gamma", "w", "theta",
                "alpha", "b", "beta", "yhat", "E", "g", "e"), List.copyOf(p.symbols().keySet()));
        LeafSymbol y = (LeafSymbol) p.symbol("y");
        assertEquals(ValueDomain.set(List.of(0.0, 1.0)), y.domain());
        assertEquals(ValueDomain.interval(0, true, 1, true), ((LeafSymbol) p.symbol("x")).domain());
        assertEquals(ValueDomain.DEFAULT, ((LeafSymbol) p.symbol("w")).domain());
    }

    @Test
    void sumBinderAndItsOccurrencesShareOneVariable() {
        Program p = Resolving.ok(Resolving.resource("/spec-example.nabla"));
        // alpha[h] = sum(i, v[i, h] * x[i])
        Ast.Definition alpha = definition(p, "alpha");
        Ast.Sum sum = (Ast.Sum) alpha.body();
        Ast.Binary product = (Ast.Binary) sum.body();
        Ast.Ref v = (Ast.Ref) product.left();
        Ast.Ref x = (Ast.Ref) product.right();

        IndexVar i = new IndexVar("i", dim(p, "d"));
        IndexVar h = new IndexVar("h", dim(p, "q"));
        assertEquals(i, p.indexVar(sum.indices().get(0)));
        assertEquals(i, p.indexVar(v.indices().get(0)));
        assertEquals(h, p.indexVar(v.indices().get(1)));
        assertEquals(i, p.indexVar(x.indices().get(0)));
        assertEquals(h, p.indexVar(alpha.indices().get(0)));
        assertSame(p.indexVar(sum.indices().get(0)), p.indexVar(x.indices().get(0)));
    }

    @Test
    void everyIndexOccurrenceAndBinderHasARange() {
        Program p = Resolving.ok(Resolving.resource("/spec-example.nabla"));
        List<Ast.Node> indices = new ArrayList<>();
        for (Ast.Statement s : p.file().statements()) {
            if (s instanceof Ast.Definition d) {
                indices.addAll(d.indices());
                collectIndices(d.body(), indices);
            } else if (s instanceof Ast.Claim c) {
                collectIndices(c.lhs(), indices);
                collectIndices(c.rhs(), indices);
            } else if (s instanceof Ast.Derive d) {
                d.steps().forEach(step -> collectIndices(step, indices));
            }
        }
        assertEquals(59, indices.size()); // index names in brackets, sum binders and left-hand sides of the text
        for (Ast.Node n : indices) {
            assertNotNull(p.indexVar(n).dim(), n::toString);
        }
    }

    private static void collectIndices(Ast.Expr e, List<Ast.Node> out) {
        if (e instanceof Ast.Ref r) {
            r.indices().stream().filter(i -> i instanceof Ast.IndexName).forEach(out::add);
        } else if (e instanceof Ast.Neg n) {
            collectIndices(n.operand(), out);
        } else if (e instanceof Ast.Binary b) {
            collectIndices(b.left(), out);
            collectIndices(b.right(), out);
        } else if (e instanceof Ast.Call c) {
            c.args().forEach(a -> collectIndices(a, out));
        } else if (e instanceof Ast.Sum s) {
            out.addAll(s.indices());
            collectIndices(s.body(), out);
        } else if (e instanceof Ast.Diff d) {
            collectIndices(d.function(), out);
            collectIndices(d.variable(), out);
        }
    }

    @Test
    void definitionsAreOrderedDependenciesFirstWithTiesInSourceOrder() {
        Program p = Resolving.ok("""
                dim d
                input x[d]
                c = a + b
                a = b * 2
                b = sum(i, x[i])
                u = 1
                """);
        assertEquals(List.of("b", "a", "c", "u"), names(p.definitions()));
    }

    @Test
    void diffDependsOnWhatItsFunctionReaches() {
        Program p = Resolving.ok("""
                dim d
                input x[d]
                g = diff(f, s)
                f = s^2
                s = sum(i, x[i])
                """);
        assertEquals(List.of("s", "f", "g"), names(p.definitions()));
    }

    @Test
    void diffOfTheSameIndexOnBothSidesIsTheDiagonal() {
        Program p = Resolving.ok("""
                dim l, q
                param theta[l], w[q, l]
                yhat[j] = sigmoid(theta[j])
                E = sum(j, yhat[j]^2) + sum(h, j, w[h, j]^2)
                claim diag: diff(yhat[j], theta[j]) == yhat[j] * (1 - yhat[j])
                claim hessian: diff(diff(E, w[h, j]), w[h2, j2]) == 2 * delta(h, h2) * delta(j, j2)
                """);
        DimSymbol l = dim(p, "l");
        DimSymbol q = dim(p, "q");
        assertEquals(List.of(new IndexVar("j", l)), p.freeIndices(statement(p, Ast.Claim.class, 0)));
        assertEquals(List.of(new IndexVar("h", q), new IndexVar("j", l), new IndexVar("h2", q), new IndexVar("j2", l)),
                p.freeIndices(statement(p, Ast.Claim.class, 1)));
    }

    @Test
    void aDimAsAValueIsItsSizeAndLiteralIndicesBindNothing() {
        Program p = Resolving.ok("""
                dim m, l
                input x[m]
                param yhat[l]
                E = 1/m * sum(k, x[k])
                first = yhat[1] + x[2]
                """);
        assertEquals(List.of(), ((DefinitionSymbol) p.symbol("first")).indices());
    }

    @Test
    void aSumMayShadowAFreeIndexAndIndicesMayBeTransposed() {
        Program p = Resolving.ok("""
                dim d, q
                input x[d]
                param v[d, q]
                s[i] = x[i] * sum(i, x[i])
                t[j, i] = v[i, j]
                """);
        assertEquals(List.of(new IndexVar("j", dim(p, "q")), new IndexVar("i", dim(p, "d"))),
                ((DefinitionSymbol) p.symbol("t")).indices());
    }

    @Test
    void domainsAndFixedValuesAreConverted() {
        Program p = Resolving.ok("""
                const a > 0
                const b <= 1
                const c in (0, 1]
                const eta = 0.5 in (0, 1)
                const k = 2 * sigmoid(0)
                """);
        assertEquals(ValueDomain.interval(0, false, Double.POSITIVE_INFINITY, false), ((LeafSymbol) p.symbol("a")).domain());
        assertEquals(ValueDomain.interval(Double.NEGATIVE_INFINITY, false, 1, true), ((LeafSymbol) p.symbol("b")).domain());
        assertEquals(ValueDomain.interval(0, false, 1, true), ((LeafSymbol) p.symbol("c")).domain());
        assertEquals(new BigDecimal("0.5"), ((LeafSymbol) p.symbol("eta")).fixedValue());
        assertEquals(0, new BigDecimal("1.0").compareTo(((LeafSymbol) p.symbol("k")).fixedValue()));
    }

    @Test
    void exampleSizesComeFromDimLinesDefaultsAndArrays() {
        Program p = Resolving.ok("""
                dim d, q = 3, l = 4
                input x[d]
                param w[q, l]
                const c
                s = sum(i, x[i]) * c + l
                example {
                  dim l = 1
                  x = [1, 2]
                  c = 1/2
                  expect s == 2.5
                }
                """);
        Ast.Example example = statement(p, Ast.Example.class, 0);
        assertEquals(Map.of(dim(p, "d"), 2, dim(p, "q"), 3, dim(p, "l"), 1), p.sizes(example));
    }

    @Test
    void builtinsAreFoundByNameAndFollowPyTorchAtKinks() {
        for (Fn b : Fn.values()) {
            assertSame(b.isNamedInSource() ? b : null, Fn.bySpelling(b.spelling()));
        }
        assertEquals(0.25, Fn.SIGMOID.derivativeAt(0), 1e-15);
        assertEquals(0, Fn.RELU.derivativeAt(0));
        assertEquals(0, Fn.ABS.derivativeAt(0));
        assertTrue(Double.isFinite(Fn.SOFTPLUS.apply(1000)));
    }

    @Test
    void deepNestingDoesNotOverflow() {
        StringBuilder sum = new StringBuilder("dim d\ninput x[d]\ns = x[1]");
        for (int k = 0; k < 20_000; k++) {
            sum.append(" + x[1]");
        }
        sum.append('\n');
        Program p = Resolving.ok(sum.toString());
        assertEquals(List.of("s"), names(p.definitions()));
    }
}
