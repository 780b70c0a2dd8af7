package dev.nabla.api;

import dev.nabla.diag.Diagnostic;
import dev.nabla.diag.SourceFile;
import dev.nabla.diag.SourceSpan;
import dev.nabla.sema.Program;
import dev.nabla.syntax.Ast;
import dev.nabla.verify.Verdict;
import dev.nabla.verify.Verifier;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A {@code .nabla} file, read and resolved, whose checks can be listed and run one by one or
 * all together. One that does not load has a single check, of kind {@link Kind#FILE}, whose
 * result is the error with its diagnostics. Not thread-safe.
 */
public final class LoadedFile {
    static final String FILE_ID = "file";

    private final String name;
    private final SourceFile source;
    private final Program program;
    private final List<Diagnostic> loadErrors;
    private final Map<String, Check> checks = new LinkedHashMap<>();
    private final Map<String, Ast.Statement> statements = new LinkedHashMap<>();
    private Settings verifierSettings;
    private Verifier verifier;

    LoadedFile(String name, SourceFile source, Program program, List<Diagnostic> loadErrors) {
        this.name = name;
        this.source = source;
        this.program = program;
        this.loadErrors = List.copyOf(loadErrors);
        if (program == null) {
            SourceSpan at = loadErrors.isEmpty() ? SourceSpan.at(name, 1, 1) : loadErrors.get(0).span();
            checks.put(FILE_ID, new Check(FILE_ID, Kind.FILE, null, at));
            return;
        }
        for (Ast.Statement s : program.file().statements()) {
            if (Verifier.isChecked(s)) {
                Kind kind = Kind.of(Verifier.kind(s));
                String id = kind.word() + "@" + s.span().line() + ":" + s.span().column();
                checks.put(id, new Check(id, kind, Verifier.label(s), s.span()));
                statements.put(id, s);
            }
        }
    }

    /** The file's name as given to {@link Nabla#load}. */
    public String name() {
        return name;
    }

    /** Whether the file was read, parsed and resolved; if not, {@link #diagnostics} say why. */
    public boolean loaded() {
        return program != null;
    }

    /** The resolved program, for renderers of its statements and graph; null if the file did not load. */
    public Program program() {
        return program;
    }

    /** The statement a check checks, or null for the check of a file that did not load. */
    public Ast.Statement statement(String id) {
        return statements.get(id);
    }

    /** The errors that kept the file from loading; empty if it loaded. */
    public List<Diagnostic> diagnostics() {
        return loadErrors;
    }

    /** Every claim, derive chain and example in source order (or the one check of a file that does not load). */
    public List<Check> checks() {
        return List.copyOf(checks.values());
    }

    /** The result of the check with this {@link Check#id}. */
    public Result check(String id, Settings settings) {
        Check check = checks.get(id);
        if (check == null) {
            throw new NoSuchElementException("no check " + id + " in " + name);
        }
        if (program == null) {
            return new Result(check, Verdict.ERROR, 0, 0, 0, 0, null, null, loadErrors, List.of());
        }
        return result(check, verifier(settings).check(statements.get(id)));
    }

    /** The results of every check, in source order. */
    public FileResult checkAll(Settings settings) {
        List<Result> results = new ArrayList<>();
        for (Check c : checks.values()) {
            results.add(check(c.id(), settings));
        }
        return new FileResult(name, source, results);
    }

    /** One verifier per settings: building it walks the whole program. */
    private Verifier verifier(Settings settings) {
        if (!settings.equals(verifierSettings)) {
            verifier = new Verifier(program, settings.toChecker());
            verifierSettings = settings;
        }
        return verifier;
    }

    private static Result result(Check check, dev.nabla.verify.Check c) {
        List<Result> steps = new ArrayList<>();
        for (int k = 0; k < c.steps().size(); k++) {
            dev.nabla.verify.Check s = c.steps().get(k);
            steps.add(result(new Check(check.id() + "/" + (k + 1), Kind.STEP, s.label(), s.span()), s));
        }
        return new Result(check, c.verdict(), c.samples(), c.skipped(), c.undecidable(), c.largestRelativeError(),
                c.counterexample() == null ? null : Counterexample.of(c.counterexample()), c.message(),
                c.diagnostics(), steps, c.roundingZeros(), c.explanation());
    }
}
