package dev.nabla.sema;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Declared domains become intervals of doubles that hold exactly the doubles inside them. */
class DomainsTest {

    private static ValueDomain domainOf(String declaration) {
        return ((LeafSymbol) Resolving.ok(declaration).symbol("x")).domain();
    }

    @Test
    void endsThatAreDoublesStayAsWritten() {
        assertEquals(ValueDomain.interval(0, false, 1, true), domainOf("input x in (0, 1]"));
        assertEquals(ValueDomain.interval(1e17, false, Double.POSITIVE_INFINITY, false), domainOf("input x > 1e17"));
    }

    /** 0.1 is no double: the double nearest to it, 0.1000000000000000055…, lies inside [0.1, …). */
    @Test
    void endsThatAreNotDoublesKeepExactlyTheDoublesInside() {
        ValueDomain d = domainOf("input x in [0.1, 0.3)");
        assertTrue(d.contains(0.1) && d.contains(0.3), d::toString);
        assertFalse(d.contains(Math.nextDown(0.1)) || d.contains(Math.nextUp(0.3)), d::toString);
        ValueDomain open = domainOf("input x in (0.1, 1.00000000000000001)");
        assertTrue(open.contains(0.1) && open.contains(1.0), open::toString);
        assertFalse(open.contains(Math.nextDown(0.1)) || open.contains(Math.nextUp(1.0)), open::toString);
        assertFalse(open.loClosed() || open.hiClosed(), "an open end stays open: its end is never drawn");
    }

    @Test
    void aOnePointIntervalIsItsNearestDouble() {
        assertEquals(ValueDomain.interval(0.1, true, 0.1, true), domainOf("input x in [0.1, 0.1]"));
    }

    @Test
    void aDomainWithNoDoubleInsideIsAnError() {
        assertEquals("""
                t.nabla:1:9: error: domain (1, 1.00000000000000001) contains no double-precision number
                input x in (1, 1.00000000000000001)
                        ^~~~~~~~~~~~~~~~~~~~~~~~~~~
                t.nabla:2:9: error: domain (100000000000000000, 100000000000000001) contains no double-precision number
                input y in (1e17, 100000000000000001)
                        ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~
                """, Resolving.errors("""
                input x in (1, 1.00000000000000001)
                input y in (1e17, 100000000000000001)
                """));
        // the smallest positive double is 4.94…e-324
        assertEquals("""
                t.nabla:1:9: error: domain (0, 4.9e-324] contains no double-precision number
                input x in (0, 4.9e-324]
                        ^~~~~~~~~~~~~~~~
                """, Resolving.errors("input x in (0, 4.9e-324]\n"));
        Resolving.ok("input x in (0, 4.95e-324]\n");
    }

    /** A fixed value is checked against the domain as written, exactly, and not against the default range. */
    @Test
    void fixedValuesAreCheckedExactlyAgainstTheirDeclaredDomainOnly() {
        Program p = Resolving.ok("""
                const c = 3
                const eta = 10
                const lambda = -1e300
                """);
        assertEquals(10, ((LeafSymbol) p.symbol("eta")).fixedValue().intValueExact());
        assertEquals("""
                t.nabla:1:11: error: value 0.1 of 'c' is outside its domain (0.1, 1)
                const c = 0.1 in (0.1, 1)
                          ^~~
                """, Resolving.errors("const c = 0.1 in (0.1, 1)\n"));
    }
}
