package dev.nabla.api;

import dev.nabla.diag.Diagnostic;
import dev.nabla.diag.Diagnostics;
import dev.nabla.diag.SourceFile;
import dev.nabla.diag.SourceSpan;
import dev.nabla.verify.Verdict;

import java.util.ArrayList;
import java.util.List;

/**
 * The results of every check of one file, in source order. A file that does not load has one
 * result, of kind {@link Kind#FILE} and verdict error, with the diagnostics that say why.
 *
 * @param file    the file's name as given
 * @param source  its text, for quoting the lines diagnostics point at; null if it could not be read
 * @param results the results
 */
public record FileResult(String file, SourceFile source, List<Result> results) {

    public FileResult {
        results = List.copyOf(results);
    }

    /**
     * A path nabla could not check at all (no such file, or nabla failed on it), as one result of
     * kind {@link Kind#FILE} and verdict error, so that machine-readable reports show it too.
     */
    public static FileResult failed(String file, String message) {
        Check check = new Check(LoadedFile.FILE_ID, Kind.FILE, null, SourceSpan.at(file, 1, 1));
        return new FileResult(file, null, List.of(new Result(check, Verdict.ERROR, 0, 0, 0, 0, null,
                message, List.of(), List.of())));
    }

    /** Whether the file loaded, so that {@link #results} are its checks. */
    public boolean loaded() {
        return results.size() != 1 || results.get(0).kind() != Kind.FILE;
    }

    /** Every diagnostic of the file, in the order of its results. */
    public List<Diagnostic> diagnostics() {
        List<Diagnostic> all = new ArrayList<>();
        results.forEach(r -> all.addAll(r.diagnostics()));
        return all;
    }

    /** The diagnostics as {@code file:line:col: error: message}, the source line and a caret. */
    public String renderDiagnostics() {
        Diagnostics sink = new Diagnostics();
        if (source != null) {
            sink.addSource(source);
        }
        diagnostics().forEach(d -> sink.error(d.span(), d.message()));
        return sink.render();
    }
}
