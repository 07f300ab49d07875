package io.horizon.journal.json;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The JSON writer produces JSON a real parser reads back exactly.
 */
final class JsonObjectWriterTest
{
    @Test
    void shouldEscapeWhatJsonRequiresAndReadBackExactly()
    {
        final String tricky = "quote \" backslash \\ newline \n tab \t bell \u0007 unicode ⚠ 😀 end";
        final String json = new JsonObjectWriter().begin()
            .field("text", tricky)
            .field("absent", (String)null)
            .field("n", -42)
            .field("ok", true)
            .beginObject("nested").field("inner", "x").beginObject("deeper").endObject().endObject()
            .finish();

        final Map<String, Object> read = JsonObjectReader.read(json);

        assertEquals(tricky, read.get("text"));
        assertFalse(read.containsKey("absent"), "null fields are left out");
        assertEquals(-42L, read.get("n"));
        assertEquals(Boolean.TRUE, read.get("ok"));
        assertEquals(Map.of("inner", "x", "deeper", Map.of()), read.get("nested"));
        assertEquals("\"a\\u0001b\"", JsonObjectWriter.quote("a\u0001b"));
    }

    @Test
    void shouldBeReusableAndRefuseUnbalancedObjects()
    {
        final JsonObjectWriter writer = new JsonObjectWriter();
        assertEquals("{\"a\":1}", writer.begin().field("a", 1).finish());
        assertEquals("{}", writer.begin().finish());
        assertThrows(IllegalStateException.class, () -> writer.begin().beginObject("x").finish());
        assertThrows(IllegalStateException.class, () -> writer.begin().endObject());
    }
}
