package dev.nabla.fuzz;

import dev.nabla.testkit.RandomFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A fuzzing run: cases drawn from a seed, about half random valid files and half mutants of
 * {@code derivations/}, on a few threads; each failure class is shrunk once to a minimal
 * reproducer. Case k is the same file for the same seed whatever the thread count.
 */
final class Campaign {
    /**
     * @param seed         the campaign's seed; case k's seed derives from it
     * @param cases        how many cases
     * @param only         run only this case, whatever cases says (-1: all)
     * @param threads      worker threads
     * @param settings     how each nabla run is done
     * @param known        failure classes to tally apart as known bugs (campaign only; empty in the build)
     * @param shrinkMillis time allowed to shrink one failure class
     * @param derivations  the folder whose files are mutated
     */
    record Config(long seed, int cases, int only, int threads, Oracles.Settings settings, List<KnownBug> known,
                  long shrinkMillis, Path derivations) {
    }

    /** A known bug (issue 5's list): failures whose key matches are tallied under its name. */
    record KnownBug(String name, Pattern key) {
    }

    /** One failure class: its first failure, reproducer, and how often it occurred. */
    static final class FailureClass {
        final Failure first;
        final long caseIndex;
        final String origin;
        final byte[] input;
        final AtomicInteger count = new AtomicInteger();
        volatile byte[] minimal;
        volatile Failure minimalFailure;
        final KnownBug known;

        FailureClass(Failure first, long caseIndex, String origin, byte[] input, KnownBug known) {
            this.first = first;
            this.caseIndex = caseIndex;
            this.origin = origin;
            this.input = input;
            this.known = known;
        }
    }

    /** What the run found. */
    record Result(Config config, int cases, int generated, double seconds, Map<String, FailureClass> classes,
                  long slowestMillis, long slowestCase) {
        List<FailureClass> unknown() {
            return classes.values().stream().filter(c -> c.known == null).toList();
        }

        List<FailureClass> known() {
            return classes.values().stream().filter(c -> c.known != null).toList();
        }

        int failingCases(List<FailureClass> of) {
            return of.stream().mapToInt(c -> c.count.get()).sum();
        }

        String summary() {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                    "fuzz: %d cases (%d generated, %d mutants; seed %d) in %.1f s, %.1f cases/s on %d threads; "
                            + "slowest case %d took %d ms; %s",
                    cases, generated, cases - generated, config.seed(), seconds, cases / Math.max(seconds, 1e-9),
                    config.threads(), slowestCase, slowestMillis,
                    classes.isEmpty() ? "no failures" : failingCases(unknown()) + " failures in " + unknown().size()
                            + " classes" + (known().isEmpty() ? "" : ", and " + failingCases(known())
                            + " from known bugs in " + known().size() + " classes")));
            Map<Failure.Oracle, int[]> byOracle = new EnumMap<>(Failure.Oracle.class);
            for (FailureClass c : classes.values()) {
                int[] n = byOracle.computeIfAbsent(c.first.oracle(), o -> new int[2]);
                n[0] += c.count.get();
                n[1]++;
            }
            byOracle.forEach((o, n) -> b.append(String.format(Locale.ROOT, "%n  %-18s %6d cases in %3d classes: %s",
                    o, n[0], n[1], o.description)));
            for (FailureClass c : known()) {
                b.append(String.format(Locale.ROOT, "%n  known bug %-40s %6d cases", c.known.name(), c.count.get()));
            }
            return b.toString();
        }

        /** Every class not known, with its reproducer; then the known ones, each in one line. */
        String report() {
            StringBuilder b = new StringBuilder(summary()).append("\n");
            int n = 0;
            for (FailureClass c : unknown()) {
                b.append(describe(++n, c));
            }
            for (FailureClass c : known()) {
                b.append(describe(++n, c));
            }
            return b.toString();
        }

        private String describe(int n, FailureClass c) {
            Failure f = c.minimalFailure != null ? c.minimalFailure : c.first;
            byte[] repro = c.minimal != null ? c.minimal : c.input;
            StringBuilder b = new StringBuilder();
            b.append("\n--- [").append(n).append("] ").append(c.first.key())
                    .append(c.known == null ? "" : "  (known: " + c.known.name() + ")").append('\n');
            b.append("    ").append(c.count.get()).append(" failing cases; first: case ").append(c.caseIndex)
                    .append(" (").append(c.origin).append("), replay with -Dfuzz.seed=").append(config.seed())
                    .append(" -Dfuzz.case=").append(c.caseIndex).append('\n');
            b.append("    command: ").append(f.command()).append('\n');
            b.append("    minimal reproducer repro.nabla (").append(Mutants.split(repro).size()).append(" of ")
                    .append(Mutants.split(c.input).size()).append(" lines):\n");
            indent(b, new String(repro, StandardCharsets.UTF_8).replace("\0", "\\0"), "      | ");
            b.append("    what happened:\n");
            indent(b, f.detail(), "      ");
            return b.toString();
        }

        private static void indent(StringBuilder b, String text, String prefix) {
            text.lines().forEach(l -> b.append(prefix).append(l).append('\n'));
        }

        /** Writes the report and one reproducer file per class into folder. */
        void write(Path folder) {
            try {
                Files.createDirectories(folder);
                Files.writeString(folder.resolve("report.txt"), report());
                int n = 0;
                for (FailureClass c : Stream.concat(unknown().stream(), known().stream()).toList()) {
                    Files.write(folder.resolve("class-" + (++n) + ".nabla"), c.minimal != null ? c.minimal : c.input);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final Config config;
    private final List<byte[]> bases = new ArrayList<>();
    private final Map<String, FailureClass> classes = new LinkedHashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger generated = new AtomicInteger();
    private final AtomicLong slowest = new AtomicLong(-1);
    private volatile long slowestCase = -1;

    Campaign(Config config) {
        this.config = config;
        try (Stream<Path> files = Files.list(config.derivations())) {
            for (Path p : files.filter(p -> p.toString().endsWith(".nabla")).sorted().toList()) {
                bases.add(Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bases.isEmpty()) {
            throw new IllegalStateException("no .nabla files in " + config.derivations());
        }
    }

    Result run() throws InterruptedException {
        long start = System.nanoTime();
        next.set(Math.max(0, config.only()));
        List<Thread> workers = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        for (int t = 0; t < config.threads(); t++) {
            Path dir = tempDir();
            dirs.add(dir);
            Thread w = new Thread(() -> work(new Oracles(config.settings(), dir)), "fuzz-worker-" + t);
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        dirs.forEach(Campaign::delete);
        double seconds = (System.nanoTime() - start) / 1e9;
        List<FailureClass> ordered = new ArrayList<>(classes.values());
        ordered.sort(Comparator.comparing((FailureClass c) -> c.first.oracle()).thenComparing(c -> c.caseIndex));
        Map<String, FailureClass> sorted = new LinkedHashMap<>();
        ordered.forEach(c -> sorted.put(c.first.key(), c));
        return new Result(config, done.get(), generated.get(), seconds, sorted, slowest.get(), slowestCase);
    }

    private void work(Oracles oracles) {
        int end = config.only() >= 0 ? config.only() + 1 : config.cases();
        for (int k = next.getAndIncrement(); k < end; k = next.getAndIncrement()) {
            long seed = caseSeed(k);
            Random r = new Random(seed);
            boolean isGenerated = r.nextInt(100) < 55;
            String origin;
            byte[] input;
            if (isGenerated) {
                origin = "generated";
                input = RandomFile.generate(seed).getBytes(StandardCharsets.UTF_8);
                generated.incrementAndGet();
            } else {
                int b = r.nextInt(bases.size());
                boolean ofGenerated = r.nextInt(5) == 0;
                byte[] base = ofGenerated ? RandomFile.generate(~seed).getBytes(StandardCharsets.UTF_8) : bases.get(b);
                origin = "mutant of " + (ofGenerated ? "a generated file" : "derivations file " + (b + 1));
                input = Mutants.mutate(base, bases.get(r.nextInt(bases.size())), r);
            }
            long t0 = System.nanoTime();
            List<Failure> failures = oracles.run(input, isGenerated, seed);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            if (config.only() >= 0) {
                System.out.println("fuzz: case " + k + " (" + origin + ", " + millis + " ms, " + failures.size()
                        + " failures):\n" + new String(input, StandardCharsets.UTF_8));
            }
            if (millis > slowest.getAndAccumulate(millis, Math::max)) {
                slowestCase = k;
            }
            int finished = done.incrementAndGet();
            if (config.cases() >= 20_000 && finished % (config.cases() / 10) == 0) {
                System.out.printf(Locale.ROOT, "fuzz: %d of %d cases, %d failure classes so far%n", finished,
                        config.cases(), classes.size());
            }
            for (Failure f : failures) {
                record(oracles, f, k, origin, input, isGenerated, seed);
            }
        }
    }

    private void record(Oracles oracles, Failure f, long k, String origin, byte[] input, boolean isGenerated,
                        long seed) {
        FailureClass c;
        boolean fresh = false;
        synchronized (classes) {
            c = classes.get(f.key());
            if (c == null) {
                c = new FailureClass(f, k, origin, input, knownAs(f));
                classes.put(f.key(), c);
                fresh = true;
            }
        }
        c.count.incrementAndGet();
        if (fresh) {
            long deadline = System.currentTimeMillis() + config.shrinkMillis();
            Shrinker shrinker = new Shrinker(candidate -> System.currentTimeMillis() < deadline
                    && oracles.run(candidate, isGenerated, seed).stream().anyMatch(f::same), 400,
                    f.oracle().shrinkWithinLines);
            byte[] minimal = shrinker.shrink(input);
            c.minimalFailure = oracles.run(minimal, isGenerated, seed).stream().filter(f::same).findFirst().orElse(f);
            c.minimal = minimal;
        }
    }

    private KnownBug knownAs(Failure f) {
        for (KnownBug b : config.known()) {
            if (b.key().matcher(f.key()).find()) {
                return b;
            }
        }
        return null;
    }

    private long caseSeed(long k) {
        long z = config.seed() * 0x9E3779B97F4A7C15L + k * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("nabla-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
