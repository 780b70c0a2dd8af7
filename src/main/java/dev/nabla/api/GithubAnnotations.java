package dev.nabla.api;

import java.util.List;

/**
 * Results as GitHub Actions workflow commands: {@code ::error file=F,line=L,title=T::message}
 * for each refuted or uncheckable check and {@code ::warning} for an inconclusive one, so that
 * the pull request shows each at its line. Checks that pass print nothing.
 */
public final class GithubAnnotations {
    private GithubAnnotations() {
    }

    public static String annotations(List<FileResult> files) {
        StringBuilder out = new StringBuilder();
        for (FileResult f : files) {
            for (Result r : f.results()) {
                String level = switch (r.status()) {
                    case PASSED -> null;
                    case INCONCLUSIVE -> "warning";
                    default -> "error";
                };
                if (level == null) {
                    continue;
                }
                String title = r.verdict().word() + " " + r.check().title();
                String detail = r.evidence();
                out.append("::").append(level).append(" file=").append(property(r.file()))
                        .append(",line=").append(r.line())
                        .append(",col=").append(r.check().span().column())
                        .append(",title=").append(property(title))
                        .append("::").append(data(detail == null ? title : title + "\n" + detail)).append('\n');
            }
        }
        return out.toString();
    }

    /** A command's message: {@code %}, CR and LF escaped, as the runner unescapes them. */
    static String data(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** A command's property value: also {@code :} and {@code ,}, which would end it. */
    static String property(String s) {
        return data(s).replace(":", "%3A").replace(",", "%2C");
    }
}
