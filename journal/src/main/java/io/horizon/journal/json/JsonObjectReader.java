package io.horizon.journal.json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reads one JSON object into nested maps, lists, strings, longs, doubles, booleans and nulls, in
 * field order: enough for the dead-letter actions, receipts and anchors Horizon writes.
 * <p>
 * Stateless; any thread.
 */
public final class JsonObjectReader
{
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonObjectReader()
    {
    }

    /**
     * @param text a JSON object.
     * @return its fields.
     * @throws IllegalArgumentException when the text is not one JSON object.
     */
    public static Map<String, Object> read(final String text)
    {
        try (JsonParser parser = FACTORY.createParser(text))
        {
            if (parser.nextToken() != JsonToken.START_OBJECT)
            {
                throw new IllegalArgumentException("not a JSON object: " + abbreviate(text));
            }
            final Map<String, Object> object = readObject(parser);
            if (parser.nextToken() != null)
            {
                throw new IllegalArgumentException("text after the JSON object: " + abbreviate(text));
            }
            return object;
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("not valid JSON (" + ex.getMessage() + "): " + abbreviate(text), ex);
        }
    }

    private static Map<String, Object> readObject(final JsonParser parser) throws IOException
    {
        final Map<String, Object> object = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME)
        {
            final String name = parser.currentName();
            parser.nextToken();
            object.put(name, readValue(parser));
        }
        return object;
    }

    private static Object readValue(final JsonParser parser) throws IOException
    {
        switch (parser.currentToken())
        {
            case START_OBJECT:
                return readObject(parser);
            case START_ARRAY:
                final List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY)
                {
                    list.add(readValue(parser));
                }
                return list;
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            default:
                return null;
        }
    }

    private static String abbreviate(final String text)
    {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
