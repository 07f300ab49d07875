package io.horizon.journal.audit;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Writes sealed audit events into a PostgreSQL events table with one {@code COPY ... FROM STDIN}
 * (text format) in the caller's transaction: one statement per batch, no parameters to bind, and
 * the server stores the rows with its multi-row insert. The statement-level next-sequence guard
 * checks the batch once when the copy ends; a refused copy fails the whole transaction.
 * <p>
 * Text format: columns separated by a tab, rows by a newline, {@code \N} for NULL, and a
 * backslash, tab, newline or carriage return inside a value escaped with a backslash. UTF-8
 * multi-byte sequences never contain those bytes, so values are escaped byte by byte after
 * encoding (pgjdbc sets {@code client_encoding} to UTF8).
 * <p>
 * Threading: not thread-safe; one per store, used under the store's lock (its buffer is reused).
 */
final class PostgresAuditCopy
{
    private static final int FLUSH_AT = 1 << 16;
    private static final byte[] NULL = {'\\', 'N'};

    private byte[] buffer = new byte[FLUSH_AT + 4096];
    private int length;

    /**
     * Copies the events, in order, under one writer id.
     *
     * @param c the connection, inside the transaction that also moves the journal position.
     * @param table {@code audit_events} or {@code audit_archive_events}.
     * @param writer the writer id every row carries.
     * @param events sealed events.
     * @throws SQLException when the server refuses the copy (the transaction is then failed).
     */
    void copy(final Connection c, final String table, final String writer, final List<AuditEvent> events) throws SQLException
    {
        copy(c, table, writer, events, null);
    }

    /**
     * As {@link #copy}, into {@code audit_events}, with each event's {@code recorded_at} given
     * rather than stamped by the column's default: a migration keeps when the source wrote it.
     *
     * @param writtenAt {@code recorded_at} by sequence; an event absent from it is stored with none (NULL).
     */
    void copyWrittenAt(final Connection c, final String writer, final List<AuditEvent> events,
        final Map<Long, String> writtenAt) throws SQLException
    {
        copy(c, "audit_events", writer, events, writtenAt);
    }

    private void copy(final Connection c, final String table, final String writer, final List<AuditEvent> events,
        final Map<Long, String> writtenAt) throws SQLException
    {
        if (events.isEmpty())
        {
            return;
        }
        final CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " (writer_id, " +
            PostgresAuditSchema.EVENT_COLUMNS + (writtenAt == null ? "" : ", recorded_at") + ") FROM STDIN");
        boolean ended = false;
        try
        {
            length = 0;
            for (final AuditEvent e : events)
            {
                row(writer, e);
                if (writtenAt != null)
                {
                    value(writtenAt.get(e.sequence()));
                }
                buffer[length - 1] = '\n';
                if (length >= FLUSH_AT)
                {
                    in.writeToCopy(buffer, 0, length);
                    length = 0;
                }
            }
            if (length > 0)
            {
                in.writeToCopy(buffer, 0, length);
            }
            in.endCopy();
            ended = true;
        }
        finally
        {
            if (!ended && in.isActive())
            {
                try
                {
                    in.cancelCopy();
                }
                catch (final SQLException cancelFailed)
                {
                    // The failure that stopped the copy is the one the caller hears; the transaction is rolled back.
                }
            }
        }
    }

    private void row(final String writer, final AuditEvent e)
    {
        value(writer);
        value(e.eventId());
        value(Long.toString(e.sequence()));
        value(e.timestamp());
        value(e.category());
        value(e.severity());
        value(e.actor());
        value(e.accountId());
        value(e.clientId());
        value(e.venueName());
        value(e.correlationId());
        value(e.marketId());
        value(e.orderId());
        value(e.clientOrderId());
        value(e.message());
        value(e.payload());
        value(e.prevHash());
        value(e.hash());
    }

    /** Appends one value and a tab (the row's last tab becomes its newline, in {@code copy}). */
    private void value(final String text)
    {
        if (text == null)
        {
            append(NULL, NULL.length);
        }
        else
        {
            final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            ensure(2 * bytes.length + 1);
            for (final byte b : bytes)
            {
                switch (b)
                {
                    case '\\' -> escaped('\\');
                    case '\t' -> escaped('t');
                    case '\n' -> escaped('n');
                    case '\r' -> escaped('r');
                    default -> buffer[length++] = b;
                }
            }
        }
        ensure(1);
        buffer[length++] = '\t';
    }

    private void escaped(final char c)
    {
        buffer[length++] = '\\';
        buffer[length++] = (byte)c;
    }

    private void append(final byte[] bytes, final int count)
    {
        ensure(count);
        System.arraycopy(bytes, 0, buffer, length, count);
        length += count;
    }

    private void ensure(final int more)
    {
        if (length + more > buffer.length)
        {
            buffer = Arrays.copyOf(buffer, Math.max(2 * buffer.length, length + more));
        }
    }
}
