package io.horizon.journal.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The canonical form of an audit event, the bytes its {@code hash} is the SHA-256 of. Version 1:
 * <pre>
 * "horizon-audit-v1\n"
 * then one line per column, in schema order:
 *   event_id, sequence, timestamp, category, severity, actor, account_id, client_id, venue_name,
 *   correlation_id, market_id, order_id, client_order_id, message, payload, prev_hash, hash
 * each line:  NAME "=" LENGTH ":" VALUE "\n"
 *   NAME    the column name
 *   VALUE   the stored text, UTF-8; sequence in decimal; hash is always the empty string
 *   LENGTH  the byte length of VALUE in decimal, so no value can be mistaken for a separator
 * a NULL column is written  NAME "=-\n"  (no length), so NULL and "" differ
 * </pre>
 * {@code hash} is the lower-case hex SHA-256 of those bytes. {@code prev_hash} is the previous
 * event's {@code hash}; the first event's is {@link #GENESIS_HASH}. Because the canonical form
 * includes {@code sequence} and {@code prev_hash}, editing, deleting, inserting or reordering a
 * row breaks the chain at that row. {@code journal/README.md} shows the same rule in a few lines of
 * Python, for auditors who want to check the chain without Horizon.
 * <p>
 * Threading: an instance holds a digest and a buffer; one thread per instance.
 */
public final class AuditCanonicalForm
{
    /** The first line of every canonical form. */
    public static final String VERSION_LINE = "horizon-audit-v1\n";
    /** {@code prev_hash} of the first event in a chain: 64 zeros. */
    public static final String GENESIS_HASH = "0".repeat(64);

    private static final byte[] VERSION_BYTES = VERSION_LINE.getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] NAMES = new byte[AuditEvent.COLUMNS.length][];
    private static final int HASH_COLUMN = AuditEvent.COLUMNS.length - 1;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    static
    {
        for (int i = 0; i < NAMES.length; i++)
        {
            NAMES[i] = AuditEvent.COLUMNS[i].getBytes(StandardCharsets.US_ASCII);
        }
    }

    private final MessageDigest sha256;
    private byte[] buffer = new byte[1024];
    private int length;

    /**
     * A canonical-form writer with its own digest.
     */
    public AuditCanonicalForm()
    {
        try
        {
            sha256 = MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("this JVM has no SHA-256, which every Java SE runtime must provide", ex);
        }
    }

    /**
     * @param event an event; its {@code hash} is ignored.
     * @return the canonical form's bytes.
     */
    public byte[] bytes(final AuditEvent event)
    {
        write(event);
        return Arrays.copyOf(buffer, length);
    }

    /**
     * @param event an event; its {@code hash} is ignored.
     * @return the hash it must carry: lower-case hex SHA-256 of its canonical form.
     */
    public String hash(final AuditEvent event)
    {
        write(event);
        sha256.reset();
        sha256.update(buffer, 0, length);
        final byte[] digest = sha256.digest();
        final char[] hex = new char[digest.length * 2];
        for (int i = 0; i < digest.length; i++)
        {
            hex[2 * i] = HEX[(digest[i] >> 4) & 0xF];
            hex[2 * i + 1] = HEX[digest[i] & 0xF];
        }
        return new String(hex);
    }

    /**
     * @param event an event read back.
     * @return true when its hash matches its content.
     */
    public boolean isSealed(final AuditEvent event)
    {
        return hash(event).equals(event.hash());
    }

    private void write(final AuditEvent event)
    {
        length = 0;
        append(VERSION_BYTES);
        for (int i = 0; i < NAMES.length; i++)
        {
            append(NAMES[i]);
            final String value = i == HASH_COLUMN ? "" : event.column(i);
            if (value == null)
            {
                appendByte('=');
                appendByte('-');
            }
            else
            {
                // String.getBytes is intrinsic for Latin-1 text (a check and a copy); encoding char
                // by char, twice (length, then bytes), cost more than the garbage this makes.
                final byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
                appendByte('=');
                appendDecimal(utf8.length);
                appendByte(':');
                append(utf8);
            }
            appendByte('\n');
        }
    }

    private void appendDecimal(final int value)
    {
        ensure(10);
        if (value == 0)
        {
            buffer[length++] = '0';
            return;
        }
        final int start = length;
        int v = value;
        while (v > 0)
        {
            buffer[length++] = (byte)('0' + v % 10);
            v /= 10;
        }
        for (int i = start, j = length - 1; i < j; i++, j--)
        {
            final byte t = buffer[i];
            buffer[i] = buffer[j];
            buffer[j] = t;
        }
    }

    private void append(final byte[] bytes)
    {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    private void appendByte(final int b)
    {
        ensure(1);
        buffer[length++] = (byte)b;
    }

    private void ensure(final int more)
    {
        if (length + more > buffer.length)
        {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
