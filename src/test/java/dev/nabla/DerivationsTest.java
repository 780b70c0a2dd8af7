package dev.nabla;

import dev.nabla.junit.Derivations;

/**
 * Every check in {@code derivations/} holds, run by nabla's own JUnit Platform engine as a
 * user's build would run it: a wrong formula committed there fails the build at its line.
 */
@Derivations("derivations")
class DerivationsTest {
}
