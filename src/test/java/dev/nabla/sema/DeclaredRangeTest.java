package dev.nabla.sema;

import dev.nabla.syntax.Ast;
import dev.nabla.syntax.AstPrinter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A definition's left-hand side may give an index its range: {@code d[j in l] = delta(1, j)}. */
class DeclaredRangeTest {

    @Test
    void anIndexOnlyADeltaMentionsTakesItsDeclaredRange() {
        Program p = Resolving.ok("""
                dim d, l
                param yhat[l]
                g[j in l] = -delta(1, j) / yhat[1]
                """);
        DimSymbol l = (DimSymbol) p.symbol("l");
        assertEquals(List.of(new IndexVar("j", l)), ((DefinitionSymbol) p.symbol("g")).indices());
    }

    @Test
    void aDeclaredRangeThatAgreesWithTheSlotsIsAccepted() {
        Program p = Resolving.ok("""
                dim d
                param x[d]
                g[i in d] = x[i]
                """);
        assertEquals("d", ((DefinitionSymbol) p.symbol("g")).indices().get(0).dim().name());
    }

    @Test
    void theRangeIsPrintedBack() {
        Ast.Definition def = (Ast.Definition) Resolving.run("""
                dim l
                g[j in l] = delta(1, j)
                """).file().statements().get(1);
        assertEquals("g[j in l] = delta(1, j)", AstPrinter.print(def));
    }

    @Test
    void aDeclaredRangeThatContradictsASlotIsAnError() {
        assertEquals("""
                t.nabla:3:3: error: index 'i' ranges over both 'd' and 'q'
                g[i in q] = x[i]
                  ^
                """, Resolving.errors("""
                dim d, q
                param x[d]
                g[i in q] = x[i]
                """));
    }

    @Test
    void theRangeMustBeADim() {
        assertEquals("""
                t.nabla:3:8: error: 'x' is not a dim; an index ranges over a dim
                g[i in x] = delta(1, i)
                       ^
                """, Resolving.errors("""
                dim d
                param x[d]
                g[i in x] = delta(1, i)
                """));
    }

    @Test
    void aBodyNeedNotMentionAnIndexWhoseRangeIsDeclared() {
        Program p = Resolving.ok("""
                dim n, l
                param w[n], x[l]
                dE_dw[i in n] = 1
                dL_dw[j, o in n] = x[j]
                """);
        DimSymbol n = (DimSymbol) p.symbol("n");
        DimSymbol l = (DimSymbol) p.symbol("l");
        assertEquals(List.of(new IndexVar("i", n)), ((DefinitionSymbol) p.symbol("dE_dw")).indices());
        assertEquals(List.of(new IndexVar("j", l), new IndexVar("o", n)),
                ((DefinitionSymbol) p.symbol("dL_dw")).indices());
    }

    @Test
    void anUnmentionedIndexWithoutARangeIsStillAnError() {
        assertEquals("""
                t.nabla:3:1: error: the two sides have different free indices: [i] and []
                g[i] = 1
                ^
                """, Resolving.errors("""
                dim n
                param w[n]
                g[i] = 1
                """));
    }

    @Test
    void anUnmentionedIndexWhoseRangeIsNoDimGetsOneError() {
        assertEquals("""
                t.nabla:2:8: error: 'w' is not a dim; an index ranges over a dim
                g[i in w] = 1
                       ^
                """, Resolving.errors("""
                param w
                g[i in w] = 1
                """));
    }

    @Test
    void withoutARangeAnIndexOnlyADeltaMentionsIsStillAnError() {
        assertEquals("""
                t.nabla:2:17: error: index 'j' occupies no slot, so its range is unknown
                g[j] = delta(1, j)
                                ^
                """, Resolving.errors("""
                dim l
                g[j] = delta(1, j)
                """));
    }

    @Test
    void aSumIndexOnlyADeltaMentionsTakesItsDeclaredRange() {
        Program p = Resolving.ok("""
                dim d, q
                param w[d]
                g[j in d] = delta(1, j) * sum(i in q, sigmoid(delta(1, i)))
                """);
        Ast.Definition def = (Ast.Definition) p.file().statements().get(2);
        assertEquals("g[j in d] = delta(1, j) * sum(i in q, sigmoid(delta(1, i)))", AstPrinter.print(def));
    }

    @Test
    void aSumIndexWithoutARangeOrASlotIsStillAnError() {
        assertEquals("""
                t.nabla:2:9: error: index 'i' occupies no slot, so its range is unknown
                E = sum(i, sigmoid(delta(1, i)))
                        ^
                """, Resolving.errors("""
                dim q
                E = sum(i, sigmoid(delta(1, i)))
                """));
    }

    @Test
    void aSumRangeThatContradictsASlotIsAnError() {
        assertEquals("""
                t.nabla:3:19: error: index 'i' ranges over both 'q' and 'd'
                E = sum(i in q, x[i])
                                  ^
                """, Resolving.errors("""
                dim d, q
                param x[d]
                E = sum(i in q, x[i])
                """));
    }
}
