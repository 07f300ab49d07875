package io.horizon.journal.json;

/**
 * The canonical JSON form as it was first written by hand (commit 0932825), kept in test sources
 * as the oracle that {@link JsonObjectWriter} must match byte for byte: audit payloads are hashed
 * into the chain, so a different escape of the same text would break every later verification.
 * <p>
 * Test only; one thread per instance.
 */
final class HandWrittenJson
{
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final int MAX_DEPTH = 8;

    private final StringBuilder text = new StringBuilder(256);
    private final boolean[] empty = new boolean[MAX_DEPTH];
    private int depth = -1;

    /**
     * Starts a new object.
     *
     * @return this.
     */
    HandWrittenJson begin()
    {
        text.setLength(0);
        text.append('{');
        depth = 0;
        empty[0] = true;
        return this;
    }

    /**
     * @param name  field name.
     * @param value text, or null to leave the field out.
     * @return this.
     */
    HandWrittenJson field(final String name, final String value)
    {
        if (value != null)
        {
            name(name);
            appendQuoted(text, value);
        }
        return this;
    }

    /**
     * @param name  field name.
     * @param value a number.
     * @return this.
     */
    HandWrittenJson field(final String name, final long value)
    {
        name(name);
        text.append(value);
        return this;
    }

    /**
     * @param name  field name.
     * @param value true or false.
     * @return this.
     */
    HandWrittenJson field(final String name, final boolean value)
    {
        name(name);
        text.append(value);
        return this;
    }

    /**
     * Opens a nested object; close it with {@link #endObject()}.
     *
     * @param name field name.
     * @return this.
     */
    HandWrittenJson beginObject(final String name)
    {
        if (depth + 1 >= MAX_DEPTH)
        {
            throw new IllegalStateException("JSON nested deeper than " + MAX_DEPTH);
        }
        name(name);
        text.append('{');
        empty[++depth] = true;
        return this;
    }

    /**
     * Closes the nested object opened last.
     *
     * @return this.
     */
    HandWrittenJson endObject()
    {
        if (depth <= 0)
        {
            throw new IllegalStateException("no nested JSON object to close");
        }
        text.append('}');
        depth--;
        return this;
    }

    /**
     * Closes the object.
     *
     * @return its JSON text, on one line.
     */
    String finish()
    {
        if (depth != 0)
        {
            throw new IllegalStateException("JSON object finished with " + depth + " nested objects open");
        }
        text.append('}');
        depth = -1;
        return text.toString();
    }

    /**
     * @param value any text.
     * @return it as a JSON string literal, quotes included.
     */
    static String quote(final String value)
    {
        final StringBuilder sb = new StringBuilder(value.length() + 2);
        appendQuoted(sb, value);
        return sb.toString();
    }

    private void name(final String name)
    {
        if (depth < 0)
        {
            throw new IllegalStateException("begin() the JSON object first");
        }
        if (!empty[depth])
        {
            text.append(',');
        }
        empty[depth] = false;
        appendQuoted(text, name);
        text.append(':');
    }

    private static void appendQuoted(final StringBuilder sb, final String value)
    {
        if (!needsEscape(value))
        {
            // The common case, appended in bulk rather than char by char.
            sb.append('"').append(value).append('"');
            return;
        }
        sb.append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char ch = value.charAt(i);
            switch (ch)
            {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                default:
                    if (ch < 0x20)
                    {
                        sb.append("\\u00").append(HEX[ch >> 4]).append(HEX[ch & 0xF]);
                    }
                    else
                    {
                        sb.append(ch);
                    }
                    break;
            }
        }
        sb.append('"');
    }

    private static boolean needsEscape(final String value)
    {
        for (int i = 0; i < value.length(); i++)
        {
            final char ch = value.charAt(i);
            if (ch < 0x20 || ch == '"' || ch == '\\')
            {
                return true;
            }
        }
        return false;
    }
}
