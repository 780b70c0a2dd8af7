package dev.nabla.syntax;

import dev.nabla.diag.Diagnostics;
import dev.nabla.diag.SourceFile;
import dev.nabla.diag.SourceSpan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads source files as strict UTF-8, reporting problems as diagnostics rather than exceptions. */
public final class SourceLoader {
    private SourceLoader() {
    }

    /** The largest source file read: 16 MiB, far beyond any derivation, and it bounds the work done. */
    public static final int MAX_BYTES = 16 << 20;

    /**
     * The file's text, or null after reporting why it cannot be used: it is missing or
     * unreadable, not a regular file (a pipe or a device could block or never end), larger than
     * {@link #MAX_BYTES}, or contains bytes that are not UTF-8 (each bad sequence is reported at
     * its line and column; the text, with U+FFFD in their place, is still registered for quoting).
     */
    public static SourceFile read(Path path, Diagnostics diags) {
        String name = path.toString();
        byte[] bytes;
        try {
            if (Files.exists(path) && !Files.isRegularFile(path)) {
                diags.error(SourceSpan.at(name, 1, 1), "cannot read " + name + ": "
                        + (Files.isDirectory(path) ? "it is a folder" : "not a regular file (a pipe or a device?)"));
                return null;
            }
            try (InputStream in = Files.newInputStream(path)) {
                // one byte past the limit tells a file at the limit from a larger one, even if it grows meanwhile
                bytes = in.readNBytes(MAX_BYTES + 1);
            }
            if (bytes.length > MAX_BYTES) {
                diags.error(SourceSpan.at(name, 1, 1), "cannot read " + name + ": it is larger than "
                        + (MAX_BYTES >> 20) + " MiB, the most nabla reads");
                return null;
            }
        } catch (NoSuchFileException e) {
            diags.error(SourceSpan.at(name, 1, 1), "cannot read " + name + ": no such file");
            return null;
        } catch (IOException | SecurityException e) {
            diags.error(SourceSpan.at(name, 1, 1), "cannot read " + name + ": " + describe(e));
            return null;
        }
        return decode(name, bytes, diags);
    }

    /** Decodes {@code bytes} strictly as UTF-8 (a leading byte-order mark is skipped); null after errors. */
    public static SourceFile decode(String name, byte[] bytes, Diagnostics diags) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF) {
            in.position(3); // a byte-order mark is no character of line 1
        }
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        StringBuilder text = new StringBuilder(bytes.length);
        int line = 1;
        int column = 1;
        boolean bad = false;
        boolean pendingBadSequence = false;
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            out.flip();
            // advance line and column over what decoded cleanly, counting code points
            for (int i = 0; i < out.length(); i++) {
                char c = out.charAt(i);
                text.append(c);
                if (c == '\n') {
                    line++;
                    column = 1;
                } else if (!Character.isLowSurrogate(c)) {
                    column++;
                }
                pendingBadSequence = false;
            }
            out.clear();
            if (result.isUnderflow()) {
                break;
            }
            if (result.isError()) {
                // one report per run of bad bytes: binary garbage should not drown the listing
                if (!pendingBadSequence) {
                    diags.error(new SourceSpan(name, line, column, line, column + 1), "invalid UTF-8 byte sequence");
                }
                pendingBadSequence = true;
                bad = true;
                text.append('\uFFFD');
                column++;
                in.position(in.position() + result.length());
            }
        }
        decoder.flush(out);
        SourceFile source = new SourceFile(name, text.toString());
        diags.addSource(source);
        return bad ? null : source;
    }

    private static String describe(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        // IOException messages are often just the path again; the class name says more then
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
