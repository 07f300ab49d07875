package io.horizon.ops.control;

import java.nio.charset.StandardCharsets;

/**
 * What free text the control channel takes (an operator's reason): one line of printable Unicode,
 * at most {@link #MAX_REASON_BYTES} bytes of UTF-8, and no control, format (bidirectional
 * overrides, zero-width marks), line or paragraph separator, private-use, unassigned or unpaired
 * surrogate characters, so a reason can never forge a log line or hide what it says. The CLI
 * checks before it sends; the daemon checks again whatever the file holds.
 * <p>
 * Stateless; any thread.
 */
public final class RequestText
{
    /** Room left in a journaled event's text for the reason, after the operator's name. */
    public static final int MAX_REASON_BYTES = 900;
    private static final int QUOTE_CHARS = 40;

    private RequestText()
    {
    }

    /**
     * @param reason an operator's reason.
     * @return why it is refused, or {@code null} when it is fine.
     */
    public static String problem(final String reason)
    {
        final int bytes = reason.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_REASON_BYTES)
        {
            return "the reason is " + bytes + " bytes; at most " + MAX_REASON_BYTES + " fit in the journaled event. Shorten it";
        }
        for (int i = 0; i < reason.length(); )
        {
            final int c = reason.codePointAt(i);
            if (!printable(c))
            {
                return "the reason holds character U+" + String.format("%04X", c) + " at position " + i +
                    "; it must be one line of printable text, without control or invisible formatting characters";
            }
            i += Character.charCount(c);
        }
        return null;
    }

    /**
     * @param text anything read from a file.
     * @return it quoted for a log line or message: at most {@value #QUOTE_CHARS} characters, every
     *         character {@link #printable} does not allow shown as {@code \\uXXXX}.
     */
    public static String quote(final String text)
    {
        final StringBuilder out = new StringBuilder("'");
        int shown = 0;
        for (int i = 0; i < text.length() && shown < QUOTE_CHARS; shown++)
        {
            final int c = text.codePointAt(i);
            if (printable(c) && c != '\'' && c != '\\')
            {
                out.appendCodePoint(c);
            }
            else
            {
                out.append(String.format("\\u%04x", c));
            }
            i += Character.charCount(c);
        }
        if (text.codePointCount(0, text.length()) > QUOTE_CHARS)
        {
            out.append("...");
        }
        return out.append('\'').toString();
    }

    private static boolean printable(final int c)
    {
        switch (Character.getType(c))
        {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.PRIVATE_USE:
            case Character.SURROGATE:
            case Character.UNASSIGNED:
                return false;
            default:
                return true;
        }
    }
}
