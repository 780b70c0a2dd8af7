package dev.nabla.junit;

import dev.nabla.api.Check;
import dev.nabla.api.LoadedFile;
import dev.nabla.api.Nabla;
import org.junit.platform.commons.support.ReflectionSupport;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.Filter;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.discovery.ClasspathRootSelector;
import org.junit.platform.engine.discovery.DirectorySelector;
import org.junit.platform.engine.discovery.FileSelector;
import org.junit.platform.engine.discovery.PackageSelector;
import org.junit.platform.engine.discovery.UniqueIdSelector;
import org.junit.platform.engine.support.descriptor.FileSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Builds the test tree from a discovery request: marker classes (by class, package or
 * classpath root), {@code .nabla} files and folders, and unique IDs of any node, so that one
 * check can be run again. Every node is added at most once, however many selectors reach it.
 * Files are read and resolved here, checked only when executed.
 */
final class Discovery {
    private final TestDescriptor root;
    private final Path base;
    private Predicate<String> classNames = name -> true;

    /** @param root the engine's descriptor; paths are relative to the working directory, the module's root */
    Discovery(TestDescriptor root) {
        this.root = root;
        this.base = Path.of("").toAbsolutePath();
    }

    void resolve(EngineDiscoveryRequest request) {
        classNames = Filter.composeFilters(request.getFiltersByType(ClassNameFilter.class)).toPredicate();
        for (ClassSelector s : request.getSelectorsByType(ClassSelector.class)) {
            loadClass(s).filter(Discovery::isMarker).filter(c -> classNames.test(c.getName()))
                    .ifPresent(this::addMarker);
        }
        for (PackageSelector s : request.getSelectorsByType(PackageSelector.class)) {
            ReflectionSupport.findAllClassesInPackage(s.getPackageName(), Discovery::isMarker, classNames)
                    .forEach(this::addMarker);
        }
        for (ClasspathRootSelector s : request.getSelectorsByType(ClasspathRootSelector.class)) {
            ReflectionSupport.findAllClassesInClasspathRoot(s.getClasspathRoot(), Discovery::isMarker, classNames)
                    .forEach(this::addMarker);
        }
        for (DirectorySelector s : request.getSelectorsByType(DirectorySelector.class)) {
            addPath(root, s.getRawPath(), s.getPath());
        }
        for (FileSelector s : request.getSelectorsByType(FileSelector.class)) {
            if (s.getRawPath().endsWith(".nabla")) {
                addFile(root, s.getPath(), null);
            }
        }
        for (UniqueIdSelector s : request.getSelectorsByType(UniqueIdSelector.class)) {
            addUniqueId(s.getUniqueId());
        }
    }

    private static Optional<Class<?>> loadClass(ClassSelector s) {
        try {
            return Optional.of(s.getJavaClass());
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty(); // not ours to report: the engine that owns the class will
        }
    }

    private static boolean isMarker(Class<?> c) {
        return c.isAnnotationPresent(Derivations.class);
    }

    private void addMarker(Class<?> marker) {
        TestDescriptor m = markerNode(marker);
        for (String p : marker.getAnnotation(Derivations.class).value()) {
            addPath(m, p, base.resolve(p).normalize());
        }
    }

    private TestDescriptor markerNode(Class<?> marker) {
        return child(root, MarkerDescriptor.SEGMENT, marker.getName(), id -> new MarkerDescriptor(id, marker));
    }

    /** A file, or every {@code .nabla} file under a folder; a failing test if there is none. */
    private void addPath(TestDescriptor parent, String given, Path path) {
        if (!Files.exists(path)) {
            problem(parent, given, path, "no such file or folder: " + path);
        } else if (Files.isDirectory(path)) {
            List<Path> files;
            try {
                files = Nabla.filesUnder(path);
            } catch (IOException | UncheckedIOException e) {
                problem(parent, given, path, "cannot list folder " + path + ": " + e.getMessage());
                return;
            }
            if (files.isEmpty()) {
                problem(parent, given, path, "no .nabla files in this folder: " + path);
            }
            files.forEach(f -> addFile(parent, f, null));
        } else {
            addFile(parent, path, null);
        }
    }

    private void problem(TestDescriptor parent, String given, Path path, String message) {
        child(parent, ProblemDescriptor.SEGMENT, given, id -> new ProblemDescriptor(id, given,
                FileSource.from(path.toFile()), new CheckFailed(message)));
    }

    /** A file's container with all its checks, or only the one with the ID {@code only}. */
    private void addFile(TestDescriptor parent, Path path, String only) {
        String name = name(path);
        UniqueId id = parent.getUniqueId().append(FileDescriptor.SEGMENT, name);
        Optional<? extends TestDescriptor> existing = find(parent, id);
        if (existing.isPresent() && !(existing.get() instanceof FileDescriptor)) {
            return; // nabla failed on this file: its one failing test is there already
        }
        FileDescriptor file;
        if (existing.isPresent()) {
            file = (FileDescriptor) existing.get();
        } else {
            LoadedFile loaded;
            try {
                // named as the module's build names it, as nabla check would be given it
                loaded = Nabla.load(Path.of(name));
            } catch (RuntimeException | StackOverflowError e) {
                // a bug in nabla, or input too deep for its parser: one failing test, never a discovery error
                Throwable why = e instanceof StackOverflowError
                        ? new CheckFailed(path + ": error: the input is nested too deeply to process") : e;
                parent.addChild(new ProblemDescriptor(id, name, FileSource.from(path.toFile()), why));
                return;
            }
            file = new FileDescriptor(id, name, path, loaded);
            parent.addChild(file);
        }
        for (Check c : file.file().checks()) {
            if (only == null || only.equals(c.id())) {
                child(file, CheckDescriptor.SEGMENT, c.id(), cid -> new CheckDescriptor(cid, path, file.file(), c));
            }
        }
    }

    /**
     * {@code [engine:nabla]/[class:C]}, then optionally {@code /[file:F]} and {@code /[check:ID]};
     * or a file selected on its own, {@code [engine:nabla]/[file:F]...}. Anything else is not ours.
     */
    private void addUniqueId(UniqueId id) {
        if (!id.hasPrefix(root.getUniqueId())) {
            return;
        }
        List<UniqueId.Segment> segments = id.getSegments();
        TestDescriptor parent = root;
        int k = 1;
        if (k < segments.size() && segments.get(k).getType().equals(MarkerDescriptor.SEGMENT)) {
            Optional<Class<?>> marker = ReflectionSupport.tryToLoadClass(segments.get(k).getValue()).toOptional()
                    .filter(Discovery::isMarker);
            if (marker.isEmpty()) {
                return;
            }
            k++;
            if (k == segments.size() || !segments.get(k).getType().equals(FileDescriptor.SEGMENT)) {
                addMarker(marker.get());
                return;
            }
            parent = markerNode(marker.get());
        }
        if (k < segments.size() && segments.get(k).getType().equals(FileDescriptor.SEGMENT)) {
            Path path = base.resolve(segments.get(k).getValue()).normalize();
            boolean one = k + 1 < segments.size() && segments.get(k + 1).getType().equals(CheckDescriptor.SEGMENT);
            if (Files.isRegularFile(path)) {
                addFile(parent, path, one ? segments.get(k + 1).getValue() : null);
            }
        }
    }

    /** The path relative to the module's root when it is under it, with forward slashes; else absolute. */
    private String name(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        return abs.startsWith(base) ? base.relativize(abs).toString().replace('\\', '/') : abs.toString();
    }

    private static Optional<? extends TestDescriptor> find(TestDescriptor parent, UniqueId id) {
        return parent.getChildren().stream().filter(d -> d.getUniqueId().equals(id)).findFirst();
    }

    private static TestDescriptor child(TestDescriptor parent, String type, String value,
                                        Function<UniqueId, TestDescriptor> create) {
        UniqueId id = parent.getUniqueId().append(type, value);
        Optional<? extends TestDescriptor> existing = find(parent, id);
        if (existing.isPresent()) {
            return existing.get();
        }
        TestDescriptor d = create.apply(id);
        parent.addChild(d);
        return d;
    }
}
