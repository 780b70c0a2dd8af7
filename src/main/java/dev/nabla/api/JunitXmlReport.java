package dev.nabla.api;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Results as JUnit XML, the report GitLab, Jenkins and the common GitHub report actions read:
 * one {@code testsuite} per file, one {@code testcase} per check with {@code file} and
 * {@code line} attributes, names unique within a file. A refuted or inconclusive check is a
 * {@code failure} (inconclusive is never a pass) and an uncheckable one an {@code error}, each
 * with the evidence as the element's body.
 */
public final class JunitXmlReport {
    private JunitXmlReport() {
    }

    public static String xml(List<FileResult> files, double seconds) {
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            w.writeStartElement("testsuites");
            w.writeAttribute("name", "nabla");
            counts(w, files.stream().flatMap(f -> f.results().stream()).toList());
            w.writeAttribute("time", String.format(Locale.ROOT, "%.3f", seconds));
            w.writeCharacters("\n");
            for (FileResult f : files) {
                suite(w, f);
            }
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write JUnit XML", e);
        }
        return text.toString();
    }

    private static void counts(XMLStreamWriter w, List<Result> results) throws XMLStreamException {
        int failures = 0;
        int errors = 0;
        for (Result r : results) {
            failures += r.status() == Result.Status.FAILED || r.status() == Result.Status.INCONCLUSIVE ? 1 : 0;
            errors += r.status() == Result.Status.ERROR ? 1 : 0;
        }
        w.writeAttribute("tests", Integer.toString(results.size()));
        w.writeAttribute("failures", Integer.toString(failures));
        w.writeAttribute("errors", Integer.toString(errors));
        w.writeAttribute("skipped", "0");
    }

    private static void suite(XMLStreamWriter w, FileResult f) throws XMLStreamException {
        w.writeCharacters("  ");
        w.writeStartElement("testsuite");
        w.writeAttribute("name", xml(f.file()));
        counts(w, f.results());
        w.writeCharacters("\n");
        Map<String, Integer> seen = new HashMap<>();
        for (Result r : f.results()) {
            w.writeCharacters("    ");
            w.writeStartElement("testcase");
            w.writeAttribute("name", xml(uniqueName(r, seen)));
            w.writeAttribute("classname", xml(f.file()));
            w.writeAttribute("file", xml(f.file()));
            w.writeAttribute("line", Integer.toString(r.line()));
            String body = r.evidence();
            switch (r.status()) {
                case FAILED:
                case INCONCLUSIVE:
                    problem(w, "failure", r, body);
                    break;
                case ERROR:
                    problem(w, "error", r, body);
                    break;
                default:
                    break;
            }
            w.writeEndElement();
            w.writeCharacters("\n");
        }
        w.writeCharacters("  ");
        w.writeEndElement();
        w.writeCharacters("\n");
    }

    /** {@code claim "5.11" (line 17)}, with {@code #2}, {@code #3} ... for a repeat on one line. */
    private static String uniqueName(Result r, Map<String, Integer> seen) {
        String name = r.check().title() + " (line " + r.line() + ")";
        int n = seen.merge(name, 1, Integer::sum);
        return n == 1 ? name : name + " #" + n;
    }

    private static void problem(XMLStreamWriter w, String element, Result r, String body) throws XMLStreamException {
        w.writeStartElement(element);
        w.writeAttribute("type", r.verdict().word());
        w.writeAttribute("message", xml(r.verdict().word() + " " + r.check().title() + " at " + r.file() + ":" + r.line()));
        if (body != null) {
            w.writeCharacters(xml(body));
        }
        w.writeEndElement();
    }

    /**
     * The text with each character XML 1.0 cannot hold (a control character in a label) written
     * as {@code U+0001}: the writer would otherwise produce a file no reader parses.
     */
    static String xml(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            boolean allowed = cp == 0x9 || cp == 0xA || cp == 0xD || cp >= 0x20 && cp <= 0xD7FF
                    || cp >= 0xE000 && cp <= 0xFFFD || cp >= 0x10000 && cp <= 0x10FFFF;
            if (allowed) {
                out.appendCodePoint(cp);
            } else {
                out.append(String.format("U+%04X", cp));
            }
        });
        return out.toString();
    }
}
