package dev.nabla.api;

import dev.nabla.diag.SourceSpan;
import dev.nabla.verify.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the reports word elements that are 0 on both sides up to rounding, and show an explanation. */
class ReportRoundingZeroTest {
    private static final Check CLAIM = new Check("claim@3:1", Kind.CLAIM, "c", SourceSpan.at("f.nabla", 3, 1));

    private static Result proved(int roundingZeros) {
        return new Result(CLAIM, Verdict.PROVED, 100, 0, 0, 2.2e-16, null, null, List.of(), List.of(), roundingZeros,
                null);
    }

    @Test
    void theCountFollowsTheRelativeError() {
        assertEquals("f.nabla:3: proved  claim \"c\": same canonical form; agreed on 100 random samples, largest"
                        + " relative error 2.2e-16; 12 elements are 0 on both sides up to rounding\n",
                TextReport.text(proved(12)));
    }

    @Test
    void oneElementIsSingularAndNoneSaysNothing() {
        assertTrue(TextReport.text(proved(1)).endsWith("2.2e-16; 1 element is 0 on both sides up to rounding\n"));
        assertTrue(TextReport.text(proved(0)).endsWith("largest relative error 2.2e-16\n"));
    }

    @Test
    void jsonCarriesTheCountAndTheExplanation() {
        assertTrue(JsonReport.json(List.of(new FileResult("f.nabla", null, List.of(proved(12)))))
                .contains("\"roundingZeros\": 12"));
        Result refuted = new Result(CLAIM, Verdict.REFUTED, 0, 0, 0, 0, null, "canonical forms differ", List.of(),
                List.of(), 0, "differs by a factor -1");
        assertTrue(JsonReport.json(List.of(new FileResult("f.nabla", null, List.of(refuted))))
                .contains("\"explanation\": \"differs by a factor -1\""));
        assertEquals("f.nabla:3: refuted claim \"c\": canonical forms differ\n    canonical forms differ\n"
                + "    differs by a factor -1\n", TextReport.text(refuted));
    }
}
