package dev.nabla.verify.canon;

import dev.nabla.ir.Fn;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static dev.nabla.verify.canon.Exprs.SIGNS;
import static dev.nabla.verify.canon.Exprs.call;
import static dev.nabla.verify.canon.Exprs.s;
import static dev.nabla.verify.canon.Exprs.u;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CancelExpOfLogTest {
    private final CancelExpOfLog rule = new CancelExpOfLog(SIGNS);

    @Test
    void theExpOfTheLogOfAPositiveIsIt() {
        assertEquals(Optional.of(s()), rule.apply(call(Fn.EXP, call(Fn.LOG, s()))));
    }

    @Test
    void notWhereTheArgumentMayBeNegative() {
        // exp(log(u)) is undefined where u <= 0, u is not: they are not one expression
        assertEquals(Optional.empty(), rule.apply(call(Fn.EXP, call(Fn.LOG, u()))));
    }
}
