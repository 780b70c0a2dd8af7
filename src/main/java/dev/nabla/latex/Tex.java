package dev.nabla.latex;

/**
 * A piece of LaTeX with how tightly it binds, so that a renderer adds parentheses only where
 * the reading would change.
 *
 * @param text    the LaTeX
 * @param level   one of the levels below: a part of a lower level than its position needs is
 *                parenthesized
 * @param open    it ends in a big operator ({@code \sum}) whose body reaches to the right, so that
 *                a factor after it would be read as part of that body
 * @param scripted it ends in a superscript, so that it cannot take another as a power's base
 */
record Tex(String text, int level, boolean open, boolean scripted) {
    static final int ADD = 1;
    static final int BIG_OPERATOR = 2;
    static final int MUL = 3;
    static final int NEG = 4;
    static final int FRACTION = 5;
    static final int POW = 6;
    static final int ATOM = 7;

    static Tex atom(String text) {
        return new Tex(text, ATOM, false, text.matches(".*\\^(\\{[^{}]*\\}|.)$"));
    }

    /** This as a factor of a product: in parentheses where a neighbouring factor would change its reading. */
    String asFactor(Notation n, boolean first, boolean last) {
        boolean parens = level == ADD || level == BIG_OPERATOR && !last || open && !last || level == NEG && !first;
        return parens ? n.parens(text) : text;
    }

    /** This as the base of a power. */
    String asBase(Notation n) {
        return level < ATOM || scripted ? n.parens(text) : text;
    }

    /** Factors side by side; a dot before a number, which would otherwise run into the digits before it. */
    static String juxtapose(java.util.List<String> factors) {
        StringBuilder out = new StringBuilder();
        for (String f : factors) {
            if (out.length() > 0) {
                boolean digitNext = !f.isEmpty() && Character.isDigit(f.charAt(0));
                boolean afterDigit = Character.isDigit(out.charAt(out.length() - 1));
                out.append(digitNext || afterDigit && f.startsWith("\\frac") ? " \\cdot " : " ");
            }
            out.append(f);
        }
        return out.toString();
    }
}
