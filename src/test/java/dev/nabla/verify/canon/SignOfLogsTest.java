package dev.nabla.verify.canon;

import dev.nabla.ir.Fn;
import dev.nabla.ir.Ir;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static dev.nabla.verify.canon.Exprs.call;
import static dev.nabla.verify.canon.Exprs.s;
import static dev.nabla.verify.canon.Exprs.u;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SignOfLogsTest {
    private final SignOfLogs rule = new SignOfLogs();

    @Test
    void theSignOfALogIsThatOfItsArgumentMinusOne() {
        assertEquals(Optional.of(call(Fn.SIGN, Ir.sub(s(), Ir.ONE))), rule.apply(call(Fn.SIGN, call(Fn.LOG, s()))));
        assertEquals(Optional.of(Ir.neg(call(Fn.SIGN, Ir.sub(s(), Ir.ONE)))),
                rule.apply(call(Fn.SIGN, Ir.mul(Ir.constant(-2), call(Fn.LOG, s())))));
    }

    @Test
    void theSignOfADifferenceOfLogsIsThatOfTheDifferenceOfTheirArguments() {
        assertEquals(Optional.of(call(Fn.SIGN, Ir.sub(s(), u()))),
                rule.apply(call(Fn.SIGN, Ir.sub(call(Fn.LOG, s()), call(Fn.LOG, u())))));
    }

    @Test
    void logsWithCoefficientsThatDoNotCancelOrOtherTermsAreLeftAlone() {
        assertEquals(Optional.empty(), rule.apply(call(Fn.SIGN, Ir.add(call(Fn.LOG, s()), call(Fn.LOG, u())))));
        assertEquals(Optional.empty(), rule.apply(call(Fn.SIGN, Ir.add(call(Fn.LOG, s()), Ir.ONE))));
        assertEquals(Optional.empty(), rule.apply(call(Fn.SIGN, call(Fn.EXP, s()))));
        assertEquals(Optional.empty(), rule.apply(call(Fn.ABS, call(Fn.LOG, s()))));
    }
}
