package dev.nabla.codegen;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import javax.lang.model.SourceVersion;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Names become distinct valid identifiers; comment text cannot end its comment or hide an escape. */
class JavaTextTest {
    @Test
    void plainNamesStayAndOthersAreMangled() {
        assertEquals("dE_dw", JavaText.identifier("dE_dw", Set.of()));
        assertEquals("class$", JavaText.identifier("class", Set.of()));
        assertEquals("loss$", JavaText.identifier("loss", Set.of("loss")));
        assertEquals("$gamma$", JavaText.identifier("γ", Set.of()));
        assertEquals("d$Epsilon$_d$theta$", JavaText.identifier("dΕ_dθ", Set.of()));
        assertEquals("x$u2082$", JavaText.identifier("x₂", Set.of()));
    }

    @Provide
    Arbitrary<List<String>> names() {
        Arbitrary<String> name = Arbitraries.strings().withChars("aZ_1γΣθ").ofMinLength(1).ofMaxLength(4)
                .filter(s -> Character.isLetter(s.charAt(0)))
                .injectDuplicates(0.1);
        return Arbitraries.oneOf(name, Arbitraries.of("class", "int", "new", "this", "var", "_x", "loss", "values"))
                .list().ofMinSize(2).ofMaxSize(12);
    }

    @Property(tries = 300)
    void identifiersAreValidJavaAndDistinctForDistinctNames(@ForAll("names") List<String> names) {
        Map<String, String> seen = new HashMap<>();
        for (String n : names) {
            String id = JavaText.identifier(n, Set.of("loss", "values"));
            assertTrue(SourceVersion.isIdentifier(id) && !SourceVersion.isKeyword(id, SourceVersion.RELEASE_17), id);
            assertTrue(id.chars().allMatch(c -> c < 128), id);
            String before = seen.put(id, n);
            assertTrue(before == null || before.equals(n), () -> before + " and " + n + " both became " + id);
        }
    }

    @Property(tries = 300)
    void commentTextIsOneAsciiLineWithoutUnicodeEscapes(@ForAll String text) {
        String c = JavaText.comment(text + "*/ \\u002a/ \\u000a \\\\u000d \n\r\u2028");
        assertTrue(c.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f || ch == '\t'), c);
        // every backslash javac could read as starting an escape begins one of ours: \\u followed by a non-ASCII code
        for (int k = c.indexOf("\\u"); k >= 0; k = c.indexOf("\\u", k + 1)) {
            int backslashes = 0;
            for (int m = k; m >= 0 && c.charAt(m) == '\\'; m--) {
                backslashes++;
            }
            if (backslashes % 2 == 1) {
                int code = Integer.parseInt(c.substring(k + 2, k + 6), 16);
                assertTrue(code >= 128 && code != 0x2028 && code != 0x2029 && code != 0x85, c);
            }
        }
    }

    @Test
    void literalsAreLettersAndEscapesOfLetters() {
        assertEquals("\"\\u03b3_1\"", JavaText.literal("γ_1"));
        assertFalse(JavaText.literal("abc").contains("\\"));
    }
}
