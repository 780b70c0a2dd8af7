package dev.nabla.syntax;

import dev.nabla.diag.SourceSpan;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/** Source spans of tokens and parse-tree nodes: 1-based, columns in code points, end exclusive. */
final class Spans {
    private Spans() {
    }

    static SourceSpan of(String file, Token t) {
        int line = t.getLine();
        int column = t.getCharPositionInLine() + 1;
        if (t.getType() == Token.EOF) {
            return SourceSpan.at(file, line, column);
        }
        String text = t.getText();
        // no token spans a line break (strings and comments stop at the end of the line)
        return new SourceSpan(file, line, column, line, column + text.codePointCount(0, text.length()));
    }

    static SourceSpan of(String file, Token first, Token last) {
        return SourceSpan.cover(of(file, first), of(file, last));
    }

    static SourceSpan of(String file, ParserRuleContext ctx) {
        Token stop = ctx.getStop();
        // an empty rule match has its stop token before its start token
        if (stop == null || stop.getTokenIndex() < ctx.getStart().getTokenIndex()) {
            return of(file, ctx.getStart());
        }
        return of(file, ctx.getStart(), stop);
    }
}
