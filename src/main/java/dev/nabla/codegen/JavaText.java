package dev.nabla.codegen;

import java.util.Set;

/**
 * Turns text from a formula file into Java source that cannot carry it anywhere but where it is
 * meant to go. Names become identifiers by a deterministic, injective mangling; labels, source
 * lines and file names become the text of {@code //} comments with every line terminator and
 * every backslash neutralised (javac decodes {@code \u000a} even inside comments); and names
 * become string literals of letters and digits only.
 */
final class JavaText {
    /** Keywords, literals and restricted identifiers: never a field, local or method name. */
    private static final Set<String> JAVA = Set.of(
            "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const",
            "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally", "float",
            "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long", "native",
            "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
            "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void",
            "volatile", "while", "true", "false", "null", "_", "var", "yield", "record", "sealed", "permits",
            "non-sealed", "exports", "module", "open", "opens", "provides", "requires", "to", "transitive",
            "uses", "with");

    private static final String[] GREEK = {
        "Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta", "Theta", "Iota", "Kappa", "Lambda", "Mu",
        "Nu", "Xi", "Omicron", "Pi", "Rho", null, "Sigma", "Tau", "Upsilon", "Phi", "Chi", "Psi", "Omega"};

    private JavaText() {
    }

    /**
     * A valid Java identifier for a nabla name, distinct for distinct names: a plain ASCII name
     * that is no Java word nor in {@code reserved} stays as it is; any other character becomes
     * {@code $name$} ({@code γ -> $gamma$}, else {@code $u03b3$}), and a reserved word gets a
     * trailing {@code $} ({@code class -> class$}). Nabla names have no {@code $}, so no mangled
     * name is ever a kept one.
     */
    static String identifier(String name, Set<String> reserved) {
        StringBuilder out = new StringBuilder();
        name.codePoints().forEach(cp -> {
            if (cp < 128 && (Character.isLetterOrDigit(cp) || cp == '_')) {
                out.appendCodePoint(cp);
            } else {
                out.append('$').append(spelled(cp)).append('$');
            }
        });
        String s = out.toString();
        return JAVA.contains(s) || reserved.contains(s) ? s + "$" : s;
    }

    private static String spelled(int cp) {
        if (cp >= 0x391 && cp <= 0x3A9 && GREEK[cp - 0x391] != null) {
            return GREEK[cp - 0x391];
        }
        if (cp >= 0x3B1 && cp <= 0x3C9 && GREEK[cp - 0x3B1] != null) {
            return GREEK[cp - 0x3B1].toLowerCase(java.util.Locale.ROOT);
        }
        return "u" + Integer.toHexString(cp);
    }

    /**
     * Text for a {@code //} comment, on one line and in ASCII: every backslash is doubled (so no
     * {@code \}{@code u} escape can form, javac translating those before it sees comments), line
     * terminators and other control characters become spaces, and other characters beyond ASCII
     * are written as unicode escapes of themselves, which javac turns back into those characters.
     */
    static String comment(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().forEach(c -> {
            if (c == '\\') {
                out.append("\\\\");
            } else if (c < 0x20 || c == 0x7f || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                out.append(c == '\t' ? "\t" : " ");
            } else if (c < 128) {
                out.append((char) c);
            } else {
                out.append(String.format("\\u%04x", c));
            }
        });
        return out.toString();
    }

    /** A string literal of a nabla name (letters, digits and underscores), beyond ASCII as unicode escapes of letters. */
    static String literal(String name) {
        StringBuilder out = new StringBuilder("\"");
        name.chars().forEach(c -> {
            if (!Character.isLetterOrDigit(c) && c != '_' && !Character.isSurrogate((char) c)) {
                throw new IllegalStateException("not a nabla name: " + name);
            }
            if (c < 128) {
                out.append((char) c);
            } else {
                out.append(String.format("\\u%04x", c));
            }
        });
        return out.append('"').toString();
    }
}
