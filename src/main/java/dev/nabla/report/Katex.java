package dev.nabla.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * KaTeX from its WebJar on the class path, made self-contained for an offline page: the style
 * sheet with each font as a {@code data:} URL (woff2 only, which every current browser reads),
 * and the script, both to be inlined.
 */
final class Katex {
    private static final String PROPERTIES = "/META-INF/maven/org.webjars.npm/katex/pom.properties";
    /** A font face's sources: the woff2 file, then the woff and ttf fallbacks, which are dropped. */
    private static final Pattern SOURCES = Pattern.compile("src:url\\(fonts/([\\w-]+\\.woff2)\\) format\\(\"woff2\"\\)[^;}]*");

    private final String root;

    private Katex(String version) {
        this.root = "/META-INF/resources/webjars/katex/" + version + "/";
    }

    static Katex load() {
        Properties p = new Properties();
        try (InputStream in = Katex.class.getResourceAsStream(PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException("KaTeX's WebJar is not on the class path");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Katex(p.getProperty("version"));
    }

    String script() {
        return new String(bytes("dist/katex.min.js"), StandardCharsets.UTF_8);
    }

    /** The style sheet, every font embedded. */
    String styleSheet() {
        String css = new String(bytes("dist/katex.min.css"), StandardCharsets.UTF_8);
        Matcher m = SOURCES.matcher(css);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String font = Base64.getEncoder().encodeToString(bytes("dist/fonts/" + m.group(1)));
            m.appendReplacement(out, Matcher.quoteReplacement(
                    "src:url(data:font/woff2;base64," + font + ") format(\"woff2\")"));
        }
        m.appendTail(out);
        if (out.indexOf("url(fonts/") >= 0) {
            throw new IllegalStateException("a KaTeX font was left unembedded");
        }
        return out.toString();
    }

    /** KaTeX's licence notice, which its MIT licence asks to keep with copies. */
    String licence() {
        return new String(bytes("LICENSE"), StandardCharsets.UTF_8);
    }

    private byte[] bytes(String path) {
        try (InputStream in = Katex.class.getResourceAsStream(root + path)) {
            if (in == null) {
                throw new IllegalStateException("KaTeX's WebJar has no " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
