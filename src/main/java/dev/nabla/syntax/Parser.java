package dev.nabla.syntax;

import dev.nabla.diag.Diagnostics;
import dev.nabla.diag.SourceFile;
import dev.nabla.diag.SourceSpan;
import dev.nabla.syntax.generated.NablaLexer;
import dev.nabla.syntax.generated.NablaParser;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;

import java.nio.file.Path;

/** Reads {@code .nabla} text into an {@link Ast.NablaFile}, reporting every syntax error to a {@link Diagnostics}. */
public final class Parser {
    /**
     * Deepest nesting of grammar rules accepted: about 200 levels of parentheses. Far beyond
     * any formula, and shallow enough that neither this parser nor any later recursive pass
     * runs out of stack.
     */
    static final int MAX_RULE_DEPTH = 1000;

    static final String TOO_DEEP = "expression nested too deeply";

    private Parser() {
    }

    /**
     * Parses one file. Never throws for bad input: every lexical and syntax error is reported
     * (all of them, thanks to ANTLR's recovery) and the result is then null.
     */
    public static Ast.NablaFile parse(SourceFile source, Diagnostics diags) {
        diags.addSource(source);
        SyntaxErrors errors = new SyntaxErrors(source.name(), diags);
        NablaLexer lexer = new NablaLexer(CharStreams.fromString(source.text(), source.name()));
        lexer.removeErrorListeners();
        lexer.addErrorListener(errors);
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        errors.tokens(tokens);
        errors.reportLexicalErrors(tokens.getTokens());

        DepthLimitedParser parser = new DepthLimitedParser(tokens);
        parser.removeErrorListeners();
        parser.addErrorListener(errors);
        parser.setErrorHandler(new SyntaxErrors.Strategy());
        try {
            Ast.NablaFile file = new AstBuilder(source.name(), errors).file(parser.file());
            if (errors.count() == 0) {
                return file;
            }
        } catch (NestingTooDeep e) {
            errors.report(errors.span(e.token), TOO_DEEP);
        } catch (StackOverflowError e) {
            // a backstop for a stack smaller than MAX_RULE_DEPTH assumes: report, don't crash
            Token reached = parser.getCurrentToken();
            errors.report(reached != null ? errors.span(reached) : SourceSpan.at(source.name(), 1, 1), TOO_DEEP);
        } finally {
            errors.flush();
        }
        return null;
    }

    /** Reads (strictly as UTF-8) and parses a file; unreadable files and bad bytes are diagnostics too. */
    public static Ast.NablaFile parse(Path path, Diagnostics diags) {
        SourceFile source = SourceLoader.read(path, diags);
        return source == null ? null : parse(source, diags);
    }

    /** Thrown through ANTLR's rule methods (it is no RecognitionException, so nothing catches it). */
    private static final class NestingTooDeep extends RuntimeException {
        final transient Token token;

        NestingTooDeep(Token token) {
            super(TOO_DEEP, null, false, false);
            this.token = token;
        }
    }

    /** Counts active grammar rules; every generated rule method calls enterRule and, in finally, exitRule. */
    private static final class DepthLimitedParser extends NablaParser {
        private int depth;

        DepthLimitedParser(TokenStream input) {
            super(input);
        }

        @Override
        public void enterRule(ParserRuleContext localctx, int state, int ruleIndex) {
            super.enterRule(localctx, state, ruleIndex);
            if (++depth > MAX_RULE_DEPTH) {
                throw new NestingTooDeep(getCurrentToken());
            }
        }

        @Override
        public void exitRule() {
            depth--;
            super.exitRule();
        }
    }
}
