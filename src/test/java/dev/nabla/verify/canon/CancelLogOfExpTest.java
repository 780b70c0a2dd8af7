package dev.nabla.verify.canon;

import dev.nabla.ir.Fn;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static dev.nabla.verify.canon.Exprs.call;
import static dev.nabla.verify.canon.Exprs.u;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CancelLogOfExpTest {
    private final CancelLogOfExp rule = new CancelLogOfExp();

    @Test
    void theLogOfAnExpIsItsArgument() {
        assertEquals(Optional.of(u()), rule.apply(call(Fn.LOG, call(Fn.EXP, u()))));
    }

    @Test
    void theLogOfAnythingElseIsLeftAlone() {
        assertEquals(Optional.empty(), rule.apply(call(Fn.LOG, call(Fn.SIGMOID, u()))));
        assertEquals(Optional.empty(), rule.apply(call(Fn.EXP, call(Fn.LOG, u()))));
    }
}
