package dev.nabla.train.data;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The JSON form of an encoding, as weights files hold it, and the errors of a damaged one. */
class EncodingJsonTest {

    @Test
    void theJsonNamesEverything() {
        Encoding encoding = new Encoding("好瓜", List.of("否", "是"), List.of(
                new Encoding.Categorical("色泽", List.of("乌黑", "浅白", "青绿")),
                new Encoding.Numeric("密度", 0.5, 0.125)));
        assertEquals("{\"target\":\"好瓜\",\"classes\":[\"否\",\"是\"],\"columns\":["
                + "{\"name\":\"色泽\",\"kind\":\"categorical\",\"categories\":[\"乌黑\",\"浅白\",\"青绿\"]},"
                + "{\"name\":\"密度\",\"kind\":\"numeric\",\"mean\":0.5,\"std\":0.125}]}", new Gson().toJson(encoding.toJson()));
    }

    private static String error(String json) {
        return assertThrows(JsonParseException.class, () -> Encoding.fromJson(JsonParser.parseString(json))).getMessage();
    }

    @Test
    void damagedEncodingsAreErrorsForPeople() {
        assertEquals("the encoding is not a JSON object", error("[1]"));
        assertEquals("the encoding has no string \"target\"", error("{\"classes\":[]}"));
        assertEquals("the encoding has no list \"classes\"", error("{\"target\":\"y\"}"));
        assertEquals("the encoding has no \"columns\" list", error("{\"target\":\"y\",\"classes\":[\"a\",\"b\"]}"));
        String head = "{\"target\":\"y\",\"classes\":[\"a\",\"b\"],\"columns\":[";
        assertEquals("column 1 of the encoding has no number \"std\"", error(head + "{\"name\":\"x\",\"kind\":\"numeric\",\"mean\":0}]}"));
        assertEquals("column 1 of the encoding has a negative \"std\"",
                error(head + "{\"name\":\"x\",\"kind\":\"numeric\",\"mean\":0,\"std\":-1}]}"));
        assertEquals("column 1 of the encoding has a \"mean\" out of the range of a double",
                error(head + "{\"name\":\"x\",\"kind\":\"numeric\",\"mean\":1e999,\"std\":1}]}"));
        assertEquals("column 1 of the encoding has kind \"ordinal\", not \"numeric\" or \"categorical\"",
                error(head + "{\"name\":\"x\",\"kind\":\"ordinal\"}]}"));
        assertEquals("column 1 of the encoding needs distinct \"categories\", at least one",
                error(head + "{\"name\":\"x\",\"kind\":\"categorical\",\"categories\":[\"p\",\"p\"]}]}"));
        assertEquals("column 1 of the encoding has a \"categories\" entry that is not a string",
                error(head + "{\"name\":\"x\",\"kind\":\"categorical\",\"categories\":[1]}]}"));
        assertEquals("the encoding is inconsistent: the classes [a] are not two or more distinct names", error("{\"target\":\"y\",\"classes\":[\"a\"],\"columns\":[]}"));
        assertEquals("the encoding is inconsistent: the target y is also a feature column",
                error(head + "{\"name\":\"y\",\"kind\":\"numeric\",\"mean\":0,\"std\":1}]}"));
        String x = "{\"name\":\"x\",\"kind\":\"numeric\",\"mean\":0,\"std\":1}";
        assertEquals("the encoding is inconsistent: the column x appears twice", error(head + x + "," + x + "]}"));
    }
}
