package org.example;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The project's own Jupiter tests run beside nabla's checks. */
class ArithmeticTest {
    @Test
    void addition() {
        assertEquals(4, 2 + 2);
    }
}
