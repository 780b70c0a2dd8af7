package dev.nabla.junit;

import dev.nabla.api.Check;
import dev.nabla.api.Kind;
import dev.nabla.api.LoadedFile;
import dev.nabla.api.Result;
import dev.nabla.api.Settings;
import dev.nabla.api.TextReport;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.FilePosition;
import org.junit.platform.engine.support.descriptor.FileSource;

import java.nio.file.Path;

/**
 * One claim, derive chain (its steps are in the failure message) or example; or, for a file
 * that does not load, the one test that fails with its diagnostics.
 */
final class CheckDescriptor extends AbstractTestDescriptor {
    static final String SEGMENT = "check";

    private final LoadedFile file;
    private final Check check;

    CheckDescriptor(UniqueId id, Path path, LoadedFile file, Check check) {
        super(id, name(check), FileSource.from(path.toFile(),
                FilePosition.from(check.span().line(), check.span().column())));
        this.file = file;
        this.check = check;
    }

    /** {@code line 17: claim "5.11"}: unique in the file, and sorted as the file reads. */
    private static String name(Check check) {
        return "line " + check.span().line() + ": " + (check.kind() == Kind.FILE ? "does not load" : check.title());
    }

    @Override
    public Type getType() {
        return Type.TEST;
    }

    /** Proved and tested pass; refuted, inconclusive (never a pass) and error fail with the report as the message. */
    TestExecutionResult run(Settings settings) {
        Result r = file.check(check.id(), settings);
        return r.status() == Result.Status.PASSED ? TestExecutionResult.successful()
                : TestExecutionResult.failed(new CheckFailed(TextReport.text(r).stripTrailing()));
    }
}
