package dev.nabla.syntax;

import dev.nabla.diag.Diagnostic;
import dev.nabla.diag.Diagnostics;
import dev.nabla.diag.SourceSpan;
import dev.nabla.syntax.generated.NablaLexer;
import dev.nabla.syntax.generated.NablaParser;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.FailedPredicateException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.misc.IntervalSet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The one error listener of the lexer and the parser, and the error strategy that phrases
 * ANTLR's recovery events ("mismatched input ... expecting {...}") as readable English.
 */
final class SyntaxErrors extends BaseErrorListener {
    private static final int[] EXPRESSION_START = {
        NablaLexer.NUMBER, NablaLexer.NAME, NablaLexer.LPAREN, NablaLexer.MINUS,
        NablaLexer.SUM, NablaLexer.DIFF, NablaLexer.DELTA, NablaLexer.PARTIAL};
    private static final int[] STATEMENT_START = {
        NablaLexer.DIM, NablaLexer.INPUT, NablaLexer.TARGET, NablaLexer.PARAM, NablaLexer.CONST,
        NablaLexer.NAME, NablaLexer.CLAIM, NablaLexer.DERIVE, NablaLexer.EXAMPLE, NablaLexer.TRAIN};

    private final String file;
    private final Diagnostics diags;
    /** Held back until {@link #flush()}: lexical, syntax and tree-building errors arrive out of source order. */
    private final List<Diagnostic> pending = new ArrayList<>();
    private TokenStream tokens;

    SyntaxErrors(String file, Diagnostics diags) {
        this.file = file;
        this.diags = diags;
    }

    /** How many errors this listener has reported. */
    int count() {
        return pending.size();
    }

    void report(SourceSpan span, String message) {
        pending.add(new Diagnostic(span, message));
    }

    /** Hands the errors to the sink in source order (stable, so one position keeps report order). */
    void flush() {
        pending.sort(Comparator.comparingInt((Diagnostic d) -> d.span().line()).thenComparingInt(d -> d.span().column()));
        for (Diagnostic d : pending) {
            diags.error(d.span(), d.message());
        }
        pending.clear();
    }

    /**
     * Where to point at a token. End of file is shown just past the last real token: a caret
     * on the empty line after a trailing newline would point at nothing.
     */
    SourceSpan span(Token t) {
        if (t.getType() == Token.EOF && tokens != null) {
            for (int i = t.getTokenIndex() - 1; i >= 0; i--) {
                Token previous = tokens.get(i);
                if (previous.getChannel() == Token.DEFAULT_CHANNEL) {
                    SourceSpan end = Spans.of(file, previous);
                    return SourceSpan.at(file, end.endLine(), end.endColumn());
                }
            }
        }
        return Spans.of(file, t);
    }

    /** The token stream being parsed, for locating end-of-file errors. */
    void tokens(TokenStream stream) {
        this.tokens = stream;
    }

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPositionInLine,
                            String msg, RecognitionException e) {
        if (offendingSymbol instanceof Token) {
            report(span((Token) offendingSymbol), msg);
        } else {
            // only the lexer reports without a token; its catch-all rule makes that unreachable in practice
            report(new SourceSpan(file, line, charPositionInLine + 1, line, charPositionInLine + 2), msg);
        }
    }

    /** Reports the characters the lexer set aside: stray characters (one report per run) and unterminated strings. */
    void reportLexicalErrors(List<? extends Token> tokens) {
        Token previous = null;
        for (Token t : tokens) {
            if (t.getType() == NablaLexer.ERROR_CHAR) {
                boolean continuesRun = previous != null && previous.getType() == NablaLexer.ERROR_CHAR
                        && previous.getStopIndex() + 1 == t.getStartIndex();
                if (!continuesRun) {
                    report(span(t), "unexpected character " + describeChar(t.getText().codePointAt(0)));
                }
            } else if (t.getType() == NablaLexer.UNTERMINATED_STRING) {
                report(span(t), "unterminated string: a label ends with '\"' on the same line");
            }
            previous = t;
        }
    }

    static String describeChar(int cp) {
        if (Character.isISOControl(cp) || !Character.isDefined(cp) || Character.isWhitespace(cp)
                || cp == 0xFFFD) {
            return String.format("U+%04X", cp);
        }
        return "'" + new String(Character.toChars(cp)) + "'";
    }

    /** The token as the user wrote it, or "end of file". */
    static String describe(Token t) {
        if (t.getType() == Token.EOF) {
            return "end of file";
        }
        String text = t.getText();
        if (text.codePointCount(0, text.length()) > 30) {
            text = text.substring(0, text.offsetByCodePoints(0, 27)) + "...";
        }
        // a label may hold characters that would break the message's line (U+2028, U+0085) or hide
        StringBuilder shown = new StringBuilder();
        text.codePoints().forEach(cp -> shown.append(cp != ' ' && describeChar(cp).startsWith("U+")
                ? "<" + describeChar(cp) + ">" : new String(Character.toChars(cp))));
        return "'" + shown + "'";
    }

    /** A readable summary of what the parser would have accepted. */
    static String describe(IntervalSet expected, Vocabulary vocabulary) {
        List<String> parts = new ArrayList<>();
        IntervalSet rest = new IntervalSet(expected);
        if (containsAll(rest, STATEMENT_START)) {
            parts.add("a statement");
            removeAll(rest, STATEMENT_START);
        }
        if (containsAll(rest, EXPRESSION_START)) {
            parts.add("an expression");
            removeAll(rest, EXPRESSION_START);
        }
        for (int type : rest.toArray()) {
            if (type == NablaLexer.SEMI && !parts.isEmpty()) {
                continue; // an optional ';' is noise next to "a statement"
            }
            parts.add(tokenName(type, vocabulary));
        }
        if (parts.isEmpty()) {
            return "something else";
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " or " + parts.get(parts.size() - 1);
    }

    private static String tokenName(int type, Vocabulary vocabulary) {
        switch (type) {
            case Token.EOF:
                return "end of file";
            case NablaLexer.NAME:
                return "a name";
            case NablaLexer.NUMBER:
                return "a number";
            case NablaLexer.STRING:
                return "a string";
            default:
                String literal = vocabulary.getLiteralName(type);
                return literal != null ? literal : vocabulary.getDisplayName(type);
        }
    }

    private static boolean containsAll(IntervalSet set, int[] types) {
        for (int t : types) {
            if (!set.contains(t)) {
                return false;
            }
        }
        return true;
    }

    private static void removeAll(IntervalSet set, int[] types) {
        for (int t : types) {
            set.remove(t);
        }
    }

    /** ANTLR's recovery, with every report phrased for people. */
    static final class Strategy extends DefaultErrorStrategy {
        /**
         * Never drops a keyword that starts a statement to repair the statement before it:
         * the next statement is almost surely intact, and dropping its keyword would turn one
         * error into a cascade.
         */
        @Override
        protected Token singleTokenDeletion(org.antlr.v4.runtime.Parser recognizer) {
            int next = recognizer.getInputStream().LA(1);
            for (int start : STATEMENT_START) {
                if (next == start && start != NablaLexer.NAME) {
                    return null;
                }
            }
            return super.singleTokenDeletion(recognizer);
        }

        @Override
        protected void reportNoViableAlternative(org.antlr.v4.runtime.Parser recognizer, NoViableAltException e) {
            if (startsDefinition(e.getStartToken()) && e.getCtx() instanceof NablaParser.StatementContext) {
                reportDefinitionExpected(recognizer, e.getStartToken(), e);
                return;
            }
            Token found = e.getOffendingToken();
            String message;
            if (found.getTokenIndex() == e.getStartToken().getTokenIndex()) {
                // the expected set describes the decision's first token, which is the one we stopped at
                message = "expected " + describe(e.getExpectedTokens(), recognizer.getVocabulary())
                        + " but found " + describe(found);
            } else {
                message = "unexpected " + describe(found);
            }
            recognizer.notifyErrorListeners(found, message, e);
        }

        @Override
        protected void reportInputMismatch(org.antlr.v4.runtime.Parser recognizer, InputMismatchException e) {
            recognizer.notifyErrorListeners(e.getOffendingToken(),
                    "expected " + describe(e.getExpectedTokens(), recognizer.getVocabulary())
                            + " but found " + describe(e.getOffendingToken()), e);
        }

        @Override
        protected void reportFailedPredicate(org.antlr.v4.runtime.Parser recognizer, FailedPredicateException e) {
            if (e.getCtx() instanceof NablaParser.RefuteContext) {
                reportDefinitionExpected(recognizer, e.getOffendingToken(), e);
                return;
            }
            recognizer.notifyErrorListeners(e.getOffendingToken(), "unexpected " + describe(e.getOffendingToken()), e);
        }

        /**
         * {@code refute} is a keyword only at the start of a statement, so a statement that starts
         * with any other name can only be a definition; ANTLR, seeing two alternatives that both
         * start with a name, would say less: what a definition needs after its name.
         */
        private static boolean startsDefinition(Token start) {
            return start.getType() == NablaLexer.NAME && !start.getText().equals("refute");
        }

        private void reportDefinitionExpected(org.antlr.v4.runtime.Parser recognizer, Token name, RecognitionException e) {
            Token after = recognizer.getInputStream().get(Math.min(name.getTokenIndex() + 1,
                    recognizer.getInputStream().size() - 1));
            recognizer.notifyErrorListeners(after, "expected '=' or '[' but found " + describe(after), e);
        }

        @Override
        protected void reportUnwantedToken(org.antlr.v4.runtime.Parser recognizer) {
            if (inErrorRecoveryMode(recognizer)) {
                return;
            }
            beginErrorCondition(recognizer);
            Token found = recognizer.getCurrentToken();
            recognizer.notifyErrorListeners(found, "unexpected " + describe(found) + ", expected "
                    + describe(getExpectedTokens(recognizer), recognizer.getVocabulary()), null);
        }

        @Override
        protected void reportMissingToken(org.antlr.v4.runtime.Parser recognizer) {
            if (inErrorRecoveryMode(recognizer)) {
                return;
            }
            beginErrorCondition(recognizer);
            Token found = recognizer.getCurrentToken();
            recognizer.notifyErrorListeners(found, "expected "
                    + describe(getExpectedTokens(recognizer), recognizer.getVocabulary())
                    + " but found " + describe(found), null);
        }
    }
}
