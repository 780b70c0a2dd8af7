package dev.nabla.latex;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A structural check of LaTeX: balanced braces, matched \left/\right and \begin/\end, no stray text. */
public final class WellFormed {
    private static final Pattern ENVIRONMENT = Pattern.compile("\\\\(begin|end)\\{(\\w+)\\}|\\\\(left|right)\\b");

    private WellFormed() {
    }

    /** Why {@code tex} is not well-formed, or null if it is. */
    public static String problem(String tex) {
        int depth = 0;
        for (int k = 0; k < tex.length(); k++) {
            char c = tex.charAt(k);
            if (c == '\\' && k + 1 < tex.length() && "{}%$#&_".indexOf(tex.charAt(k + 1)) >= 0 && !tex.startsWith("\\\\", k)) {
                k++; // an escaped brace
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth < 0) {
                return "a '}' closes nothing at " + k;
            }
        }
        if (depth != 0) {
            return depth + " '{' left open";
        }
        Deque<String> open = new ArrayDeque<>();
        Matcher m = ENVIRONMENT.matcher(tex);
        while (m.find()) {
            if ("begin".equals(m.group(1)) || "left".equals(m.group(3))) {
                open.push(m.group(2) != null ? m.group(2) : "left");
            } else {
                String expected = m.group(2) != null ? m.group(2) : "left";
                if (open.isEmpty() || !open.pop().equals(expected)) {
                    return "unmatched " + m.group() + " at " + m.start();
                }
            }
        }
        if (!open.isEmpty()) {
            return "unclosed " + open.peek();
        }
        if (tex.contains("null") || tex.contains("^^") || tex.contains("__")) {
            return "stray text";
        }
        return null;
    }
}
