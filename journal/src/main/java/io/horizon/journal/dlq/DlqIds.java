package io.horizon.journal.dlq;

import java.util.regex.Pattern;

/**
 * Dead-letter ids: {@code dlq_} and 16 lower-case hex digits, the number of the outbound journal
 * record the failure was captured from. Outputs are deterministic and numbered in journal order,
 * so the id is the same whoever derives it (the dead-letter flusher, the audit flusher's
 * {@code order.rejected} event) and however often the journal is read.
 * <p>
 * Stateless; any thread.
 */
public final class DlqIds
{
    /** Every dead-letter id starts with this. */
    public static final String PREFIX = "dlq_";

    private static final Pattern FORMAT = Pattern.compile("dlq_[0-9a-f]{16}");

    private DlqIds()
    {
    }

    /**
     * @param outputRecord the outbound journal record number of the failure.
     * @return its dead-letter id.
     */
    public static String of(final long outputRecord)
    {
        final String hex = Long.toHexString(outputRecord);
        return PREFIX + "0".repeat(16 - hex.length()) + hex;
    }

    /**
     * @param text what a user typed.
     * @return the same text, when it is a dead-letter id.
     * @throws IllegalArgumentException naming the text and the expected form.
     */
    public static String require(final String text)
    {
        if (text == null || !FORMAT.matcher(text).matches())
        {
            throw new IllegalArgumentException("'" + text + "' is not a dead-letter id; ids look like dlq_00000000000004d2 " +
                "('dlq_' and 16 hex digits); list them with horizon dlq list");
        }
        return text;
    }
}
