package io.horizon.journal.json;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.json.JsonWriteFeature;

/**
 * Builds one compact JSON object as text, fields in the order they are written: audit payloads,
 * dead-letter actions, receipts and anchors. Null values are left out, so readers can tell "not
 * applicable" from an empty string. Written through jackson-core's streaming generator.
 * <p>
 * <b>The canonical form.</b> Audit payloads are hashed into the chain, so the bytes for the same
 * calls never change: no whitespace; a quote, a backslash and every control character escaped,
 * {@code \n \r \t} in their short form and the other control characters (backspace and form feed
 * too) as {@code \}{@code u00xx} with lower-case hex; everything else, {@code /}, DEL and non-ASCII
 * included, written as it is. Jackson's defaults differ (short {@code \b \f}, upper-case hex), so
 * the factory here is configured to this form; {@code CanonicalJsonBytesTest} holds it to the
 * hand-written writer it replaced, byte for byte.
 * <p>
 * Threading: one thread per instance; reusable after {@link #finish()}.
 */
public final class JsonObjectWriter
{
    private static final int MAX_DEPTH = 8;
    private static final JsonFactory CANONICAL = new JsonFactoryBuilder()
        .characterEscapes(new CanonicalEscapes())
        .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
        .build();

    private final StringWriter text = new StringWriter(256);
    private JsonGenerator generator;
    private int depth = -1;

    /**
     * Starts a new object.
     *
     * @return this.
     */
    public JsonObjectWriter begin()
    {
        text.getBuffer().setLength(0);
        try
        {
            generator = CANONICAL.createGenerator(text);
            generator.writeStartObject();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        depth = 0;
        return this;
    }

    /**
     * @param name  field name.
     * @param value text, or null to leave the field out.
     * @return this.
     */
    public JsonObjectWriter field(final String name, final String value)
    {
        if (value != null)
        {
            try
            {
                open().writeStringField(name, value);
            }
            catch (final IOException e)
            {
                throw new UncheckedIOException(e);
            }
        }
        return this;
    }

    /**
     * @param name  field name.
     * @param value a number.
     * @return this.
     */
    public JsonObjectWriter field(final String name, final long value)
    {
        try
        {
            open().writeNumberField(name, value);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /**
     * @param name  field name.
     * @param value true or false.
     * @return this.
     */
    public JsonObjectWriter field(final String name, final boolean value)
    {
        try
        {
            open().writeBooleanField(name, value);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /**
     * Opens a nested object; close it with {@link #endObject()}.
     *
     * @param name field name.
     * @return this.
     */
    public JsonObjectWriter beginObject(final String name)
    {
        if (depth + 1 >= MAX_DEPTH)
        {
            throw new IllegalStateException("JSON nested deeper than " + MAX_DEPTH);
        }
        try
        {
            open().writeObjectFieldStart(name);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        depth++;
        return this;
    }

    /**
     * Closes the nested object opened last.
     *
     * @return this.
     */
    public JsonObjectWriter endObject()
    {
        if (depth <= 0)
        {
            throw new IllegalStateException("no nested JSON object to close");
        }
        try
        {
            generator.writeEndObject();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        depth--;
        return this;
    }

    /**
     * Closes the object.
     *
     * @return its JSON text, on one line.
     */
    public String finish()
    {
        if (depth != 0)
        {
            throw new IllegalStateException("JSON object finished with " + depth + " nested objects open");
        }
        try
        {
            generator.writeEndObject();
            generator.close();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        generator = null;
        depth = -1;
        return text.toString();
    }

    /**
     * @param value any text.
     * @return it as a JSON string literal in the canonical form, quotes included.
     */
    public static String quote(final String value)
    {
        final StringWriter out = new StringWriter(value.length() + 2);
        try (JsonGenerator g = CANONICAL.createGenerator(out))
        {
            g.writeString(value);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private JsonGenerator open()
    {
        if (depth < 0)
        {
            throw new IllegalStateException("begin() the JSON object first");
        }
        return generator;
    }

    /**
     * Jackson's standard escapes for ASCII, except backspace and form feed, which the canonical
     * form writes as {@code \}{@code u0008} and {@code \}{@code u000c} rather than {@code \b} and
     * {@code \f}.
     */
    private static final class CanonicalEscapes extends CharacterEscapes
    {
        private static final long serialVersionUID = 1L;
        private final int[] ascii;

        CanonicalEscapes()
        {
            ascii = standardAsciiEscapesForJSON();
            ascii['\b'] = ESCAPE_STANDARD;
            ascii['\f'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii()
        {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(final int ch)
        {
            return null;
        }
    }
}
