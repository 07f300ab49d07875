package io.horizon.journal.json;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Builds one compact JSON object as text, fields in the order they are written: audit payloads,
 * dead-letter actions, receipts and anchors. Null values are left out, so readers can tell "not
 * applicable" from an empty string.
 * <p>
 * Threading: one thread per instance; reusable after {@link #finish()}.
 */
public final class JsonObjectWriter
{
    private static final JsonFactory FACTORY = new JsonFactory();

    private StringWriter text;
    private JsonGenerator json;

    /**
     * Starts a new object.
     *
     * @return this.
     */
    public JsonObjectWriter begin()
    {
        try
        {
            text = new StringWriter(256);
            json = FACTORY.createGenerator(text);
            json.writeStartObject();
            return this;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
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
                json.writeStringField(name, value);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
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
            json.writeNumberField(name, value);
            return this;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
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
            json.writeBooleanField(name, value);
            return this;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Opens a nested object; close it with {@link #endObject()}.
     *
     * @param name field name.
     * @return this.
     */
    public JsonObjectWriter beginObject(final String name)
    {
        try
        {
            json.writeObjectFieldStart(name);
            return this;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Closes the nested object opened last.
     *
     * @return this.
     */
    public JsonObjectWriter endObject()
    {
        try
        {
            json.writeEndObject();
            return this;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Closes the object.
     *
     * @return its JSON text, on one line.
     */
    public String finish()
    {
        try
        {
            json.writeEndObject();
            json.close();
            return text.toString();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @param value any text.
     * @return it as a JSON string literal, quotes included.
     */
    public static String quote(final String value)
    {
        try
        {
            final StringWriter out = new StringWriter(value.length() + 2);
            try (JsonGenerator g = FACTORY.createGenerator(out))
            {
                g.writeString(value);
            }
            return out.toString();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
