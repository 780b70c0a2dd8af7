package dev.nabla.diag;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sink every phase reports user errors to. A phase runs only if the phases before it
 * reported nothing, so all errors of one phase are shown together.
 */
public final class Diagnostics {
    /** More than this many errors are counted but not printed: garbage input would flood. */
    public static final int PRINT_LIMIT = 50;

    private final List<Diagnostic> errors = new ArrayList<>();
    private final Map<String, SourceFile> sources = new HashMap<>();

    public void addSource(SourceFile source) {
        sources.put(source.name(), source);
    }

    /** The registered text of a file, or null. */
    public SourceFile source(String name) {
        return sources.get(name);
    }

    public void error(SourceSpan span, String message) {
        errors.add(new Diagnostic(span, message));
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    public List<Diagnostic> errors() {
        return Collections.unmodifiableList(errors);
    }

    /** Renders every error as {@code file:line:col: error: message}, the source line and a caret. */
    public String render() {
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (Diagnostic d : errors) {
            if (shown++ == PRINT_LIMIT) {
                out.append("... and ").append(errors.size() - PRINT_LIMIT).append(" more errors\n");
                break;
            }
            out.append(render(d));
        }
        return out.toString();
    }

    public String render(Diagnostic d) {
        SourceSpan s = d.span();
        StringBuilder out = new StringBuilder();
        out.append(s.file()).append(':').append(s.line()).append(':').append(s.column())
                .append(": error: ").append(d.message()).append('\n');
        SourceFile source = sources.get(s.file());
        if (source != null && s.line() >= 1) {
            String line = printable(source.line(s.line()));
            out.append(line).append('\n');
            int caretAt = Math.max(0, Math.min(s.column() - 1, line.codePointCount(0, line.length())));
            StringBuilder pad = new StringBuilder();
            for (int cp : line.codePoints().limit(caretAt).toArray()) {
                pad.append(cp == '\t' ? '\t' : ' ');
            }
            out.append(pad).append('^');
            if (s.endLine() == s.line()) {
                for (int k = s.column() + 1; k < s.endColumn(); k++) {
                    out.append('~');
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Control characters would garble the terminal; show them as U+FFFD, one column each. */
    private static String printable(String line) {
        StringBuilder b = new StringBuilder();
        line.codePoints().forEach(cp -> {
            if (cp == '\t' || !Character.isISOControl(cp)) {
                b.appendCodePoint(cp);
            } else {
                b.append('\uFFFD');
            }
        });
        return b.toString();
    }
}
