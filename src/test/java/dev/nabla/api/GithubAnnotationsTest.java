package dev.nabla.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GithubAnnotationsTest {
    @Test
    void messagesEscapePercentAndLineBreaks() {
        assertEquals("50%25 a%0Ab%0D%0Ac: d, e", GithubAnnotations.data("50% a\nb\r\nc: d, e"));
    }

    @Test
    void propertiesAlsoEscapeWhatWouldEndThem() {
        assertEquals("a%3A b%2C c%25%0A", GithubAnnotations.property("a: b, c%\n"));
    }
}
