package dev.nabla.verify.canon;

import dev.nabla.ir.Expr;
import dev.nabla.ir.Fn;
import dev.nabla.ir.Ir;
import dev.nabla.simplify.Rule;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static dev.nabla.verify.canon.Exprs.call;
import static dev.nabla.verify.canon.Exprs.u;
import static dev.nabla.verify.canon.Exprs.x;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallRulesTest {
    @Test
    void theFirstRuleThatAppliesRewrites() {
        assertEquals(Optional.of(Ir.call(Fn.LOG, Ir.add(Ir.ONE, call(Fn.EXP, u())))),
                new CallRules(Signs.NONE).rewrite(call(Fn.SOFTPLUS, u())));
        assertEquals(Optional.empty(), new CallRules(Signs.NONE).rewrite(call(Fn.COS, u())));
    }

    @Test
    void aRuleThatGainsAFreeIndexIsAnInternalError() {
        Rule leaky = e -> Optional.of(x());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Rule.checkFreeIndices(leaky, call(Fn.COS, u()), x()));
        assertTrue(e.getMessage().contains("changed the free indices of cos(u) from [] to [i]"), e.getMessage());
    }

    @Test
    void aRuleMayLoseAnIndexItsValueStopsDependingOn() {
        Expr before = call(Fn.SIGN, call(Fn.EXP, x()));
        Rule.checkFreeIndices(e -> Optional.of(Ir.ONE), before, Ir.ONE);
    }
}
