package dev.nabla.verify.canon;

import dev.nabla.ir.Fn;
import dev.nabla.ir.Ir;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static dev.nabla.verify.canon.Exprs.call;
import static dev.nabla.verify.canon.Exprs.s;
import static dev.nabla.verify.canon.Exprs.u;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SplitExpOfSumTest {
    private final SplitExpOfSum rule = new SplitExpOfSum();

    @Test
    void theExpOfASumIsTheProductOfTheExpsOfItsTerms() {
        assertEquals(Optional.of(Ir.mul(call(Fn.EXP, u()), call(Fn.EXP, Ir.neg(s())))),
                rule.apply(call(Fn.EXP, Ir.sub(u(), s()))));
    }

    @Test
    void theExpOfOneTermIsLeftAlone() {
        assertEquals(Optional.empty(), rule.apply(call(Fn.EXP, Ir.mul(u(), s()))));
    }
}
