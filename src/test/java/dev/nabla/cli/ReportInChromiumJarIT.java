package dev.nabla.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code java -jar target/nabla.jar report} on every bundled derivation and a training history,
 * opened in headless Chromium with every network address unresolvable: each formula was
 * typeset by KaTeX (one {@code katex} node per formula, no {@code katex-error}), and a
 * screenshot is written to {@code target/report/report.png}. Skipped when Chromium is not
 * installed; {@code .ci/run} installs Debian's {@code chromium-headless-shell}.
 */
class ReportInChromiumJarIT {
    private static final Path OUT = Path.of("target", "report");

    private static String chromium() {
        for (String name : List.of("chromium-headless-shell", "chromium")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        return null;
    }

    private static String run(List<String> command, Path log) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), () -> "did not end: " + command);
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), () -> command + "\n" + out);
        return out;
    }

    private static List<String> nabla(String... args) {
        String jar = System.getProperty("nabla.jar", "target/nabla.jar");
        assertTrue(new File(jar).isFile(), "no " + jar + ": run mvn verify, which packages it first");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar));
        command.addAll(List.of(args));
        return command;
    }

    /** Chromium, headless and offline: no background connections, and no host name resolves. */
    private static List<String> browser(String chromium, Path profile, String... args) {
        List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir=" + profile,
                "--virtual-time-budget=20000"));
        command.addAll(List.of(args));
        return command;
    }

    private static int count(Pattern p, String s) {
        Matcher m = p.matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void everyFormulaOfTheReportIsTypesetOffline() throws Exception {
        String chromium = chromium();
        Assumptions.assumeTrue(chromium != null,
                "chromium-headless-shell is not installed (apt-get install chromium-headless-shell; .ci/run does)");
        Files.createDirectories(OUT);
        Path history = OUT.resolve("history.csv");
        run(nabla("train", "derivations/xor.nabla", "--data", "data/xor.csv", "--target", "y", "--eta", "1",
                "--epochs", "200", "--seed", "3", "--validation", "0.25", "--patience", "1000", "--quiet",
                "--history", history.toString()), OUT.resolve("train.log"));
        Path page = OUT.resolve("report.html");
        run(nabla("report", "derivations", "-o", page.toString(), "--history", history.toString()),
                OUT.resolve("report.log"));
        String html = Files.readString(page, StandardCharsets.UTF_8);
        assertFalse(Pattern.compile("(src|href)\\s*=\\s*[\"']?\\s*(https?:)?//|url\\(\\s*['\"]?(https?:)?//|<link|@import")
                .matcher(html).find(), "the page loads something from elsewhere");
        int formulas = count(Pattern.compile("<div class=\"math\" data-tex="), html);
        assertTrue(formulas >= 41, "a formula per check at least: " + formulas);

        Path profile = Files.createTempDirectory("nabla-chromium");
        String dom = run(browser(chromium, profile, "--dump-dom", page.toUri().toString()), OUT.resolve("dom.html"));
        assertEquals(0, count(Pattern.compile("class=\"katex-error\""), dom), "KaTeX could not typeset a formula");
        assertTrue(count(Pattern.compile("class=\"katex\""), dom) >= formulas, "KaTeX nodes in the page");
        assertEquals(formulas, count(Pattern.compile("<span class=\"katex-display\">"), dom),
                "every formula typeset in display mode");
        assertTrue(dom.contains("<svg class=\"loss\""), "the loss plot is in the page");
        assertTrue(count(Pattern.compile("<svg class=\"graph\""), dom) >= 6, "a graph per file");

        Path screenshot = OUT.resolve("report.png");
        Files.deleteIfExists(screenshot);
        run(browser(chromium, profile, "--window-size=1280,2400", "--screenshot=" + screenshot.toAbsolutePath(),
                page.toUri().toString()), OUT.resolve("screenshot.log"));
        assertTrue(Files.size(screenshot) > 20_000, "a screenshot with something on it");
        System.out.printf("report %s (%d KiB), screenshot %s (%d KiB)%n", page, Files.size(page) / 1024, screenshot,
                Files.size(screenshot) / 1024);
    }
}
