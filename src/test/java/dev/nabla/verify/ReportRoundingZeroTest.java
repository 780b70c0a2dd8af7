package dev.nabla.verify;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the report words elements that are 0 on both sides up to rounding. */
class ReportRoundingZeroTest {
    private static Check proved(int roundingZeros) {
        return new Check("f.nabla", 3, "claim", "c", Verdict.PROVED, 100, 0, 0, 2.2e-16, null, List.of(),
                roundingZeros, null);
    }

    @Test
    void theCountFollowsTheRelativeError() {
        assertEquals("f.nabla:3: proved  claim \"c\": same canonical form; agreed on 100 random samples, largest"
                        + " relative error 2.2e-16; 12 elements are 0 on both sides up to rounding\n",
                Report.text(proved(12)));
    }

    @Test
    void oneElementIsSingularAndNoneSaysNothing() {
        assertTrue(Report.text(proved(1)).endsWith("2.2e-16; 1 element is 0 on both sides up to rounding\n"));
        assertTrue(Report.text(proved(0)).endsWith("largest relative error 2.2e-16\n"));
    }

    @Test
    void jsonCarriesTheCount() {
        assertTrue(Report.json(List.of(proved(12))).contains("\"roundingZeros\": 12"));
    }
}
