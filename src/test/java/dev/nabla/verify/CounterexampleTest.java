package dev.nabla.verify;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CounterexampleTest {

    @Test
    void literalsAreWrittenAsTheLanguageWritesNumbers() {
        assertEquals("0", Counterexample.literal(-0.0));
        assertEquals("-3", Counterexample.literal(-3));
        assertEquals("0.1", Counterexample.literal(0.1));
        assertEquals("1e-5", Counterexample.literal(1e-5));
        assertEquals("1.5e20", Counterexample.literal(1.5e20));
        assertEquals("-2.5e-7", Counterexample.literal(-2.5e-7));
        assertThrows(IllegalArgumentException.class, () -> Counterexample.literal(Double.NaN));
    }

    @Property(tries = 1000)
    void literalsReadBackExactly(@ForAll double v) {
        if (!Double.isFinite(v)) {
            return;
        }
        String s = Counterexample.literal(v);
        assertTrue(s.matches("-?([0-9]+|[0-9]+\\.[0-9]+)(e-?[0-9]+)?"), s);
        assertEquals(v == 0 ? 0.0 : v, Double.parseDouble(s));
    }
}
