package dev.nabla.fuzz;

/**
 * One oracle violated by one input.
 *
 * @param oracle    which promise was broken
 * @param signature what tells this failure apart from others of the same oracle (the failure class)
 * @param detail    what happened, for the report
 * @param command   the nabla command line that shows it, with the input file called {@code repro.nabla}
 * @param exact     what must stay the same while the input is shrunk, besides the class ("" if nothing)
 */
public record Failure(Oracle oracle, String signature, String detail, String command, String exact) {

    public Failure(Oracle oracle, String signature, String detail, String command) {
        this(oracle, signature, detail, command, "");
    }

    /** Whether a failure of a smaller input is still this one. */
    public boolean same(Failure other) {
        return key().equals(other.key()) && exact.equals(other.exact);
    }

    /** The promises the fuzzer checks. */
    public enum Oracle {
        INTERNAL_ERROR("exit 70 (internal error)", true),
        STACK_TRACE("a stack trace in the output", true),
        TIMEOUT("a run over the time limit", true),
        EXIT_CODE("an exit code other than 0, 1, 2", true),
        OUT_OF_MEMORY("out of memory", true),
        DIAGNOSTIC_FORMAT("a diagnostic not in file:line:col form", true),
        REPORT_FORMAT("a --json report that does not parse or lacks a statement", true),
        REJECTED("a valid generated file rejected", false),
        IDENTITY_REFUTED("a true identity refuted", false),
        FALSE_PROVED("a false claim proved", false),
        FALSE_PASSED("a false claim, step or expect tested or passed", false),
        GRAD_FAILED("grad fails on a file that check accepts", true),
        GRAD_READBACK("grad output does not read back", true),
        GRAD_DISAGREES("grad output differs from diff(F, X)", true);

        public final String description;
        /** Whether the shrinker may cut inside lines: not where the oracle trusts how the generator built them. */
        public final boolean shrinkWithinLines;

        Oracle(String description, boolean shrinkWithinLines) {
            this.description = description;
            this.shrinkWithinLines = shrinkWithinLines;
        }
    }

    /** The failure class: oracle and signature. */
    public String key() {
        return oracle + ": " + signature;
    }
}
