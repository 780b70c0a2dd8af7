package dev.nabla.syntax;

import dev.nabla.diag.Diagnostics;
import dev.nabla.diag.SourceFile;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Whatever the input, parsing ends in an AST or in diagnostics, never in an exception. */
class ParserRobustnessPropertiesTest {

    @Property(tries = 500)
    void randomBytesNeverThrow(@ForAll("bytes") byte[] bytes) {
        Diagnostics diags = new Diagnostics();
        SourceFile source = SourceLoader.decode("garbage.nabla", bytes, diags);
        Ast.NablaFile file = source == null ? null : Parser.parse(source, diags);
        assertEquals(file == null, diags.hasErrors());
        diags.render();
    }

    @Property(tries = 1000)
    void randomTokenSoupNeverThrows(@ForAll("tokenSoup") String text) {
        Diagnostics diags = new Diagnostics();
        Ast.NablaFile file = Parser.parse(new SourceFile("soup.nabla", text), diags);
        assertEquals(file == null, diags.hasErrors(), text);
        diags.render();
        if (file != null) {
            // whatever parsed cleanly prints back to something that parses cleanly to the same tree
            String printed = AstPrinter.print(file);
            Diagnostics again = new Diagnostics();
            Ast.NablaFile reparsed = Parser.parse(new SourceFile("printed.nabla", printed), again);
            assertEquals("", again.render(), printed);
            assertEquals(AstShape.of(file.statements()), AstShape.of(reparsed.statements()), printed);
        }
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        Arbitrary<Byte> anyByte = Arbitraries.bytes();
        Arbitrary<Byte> textual = Arbitraries.of((byte) 'a', (byte) '(', (byte) ')', (byte) '\n', (byte) 0,
                (byte) 0xC3, (byte) 0xA9, (byte) 0xE2, (byte) 0x88, (byte) 0x82, (byte) 0xFF, (byte) '"', (byte) '=');
        return Arbitraries.oneOf(anyByte, textual).list().ofMaxSize(300).map(list -> {
            byte[] b = new byte[list.size()];
            for (int i = 0; i < b.length; i++) {
                b[i] = list.get(i);
            }
            return b;
        });
    }

    @Provide
    Arbitrary<String> tokenSoup() {
        Arbitrary<String> token = Arbitraries.of(
                "dim", "input", "target", "param", "const", "in", "claim", "refute", "derive", "example", "expect",
                "within", "train", "minimize", "over", "sum", "diff", "delta", "Σ", "∑", "∂",
                "x", "w", "E", "β", "θ2", "sigmoid", "1", "0", "2.5", ".5", "1e-3", "1E+3", "\"5.10\"", "\"open",
                "+", "-", "*", "/", "^", "'", "=", "==", ">", ">=", "<", "<=", "(", ")", "[", "]", "{", "}",
                ",", ":", ";", "\n", "# c\n", "// c\n", "@", "\0", "\t", "é", "\uFFFD");
        Arbitrary<String> separator = Arbitraries.of("", " ", "\n");
        return net.jqwik.api.Combinators.combine(token, separator).as((t, s) -> t + s)
                .list().ofMaxSize(40).map(parts -> parts.stream().collect(Collectors.joining()));
    }
}
