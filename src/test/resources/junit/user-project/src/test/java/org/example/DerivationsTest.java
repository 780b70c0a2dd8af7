package org.example;

import dev.nabla.junit.Derivations;

@Derivations("derivations")
class DerivationsTest {
}
