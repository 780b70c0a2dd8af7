package dev.nabla.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class whose tests are the checks of {@code .nabla} files, run by nabla's JUnit
 * Platform engine: one container per file, one test per claim, derive chain and example.
 * <pre>{@code
 * @Derivations("derivations")
 * class DerivationsTest {
 * }
 * }</pre>
 * The class needs no body; it is what Maven Surefire and IDEs select.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Derivations {
    /**
     * Files, or folders searched recursively for {@code *.nabla}, relative to the module's root
     * (the working directory Surefire and IDEs run tests in).
     */
    String[] value();
}
