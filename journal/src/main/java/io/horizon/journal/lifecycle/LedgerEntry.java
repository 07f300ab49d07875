package io.horizon.journal.lifecycle;

import java.util.Map;

import io.horizon.journal.json.JsonObjectWriter;

/**
 * One line of the {@link LifecycleLedger}: a cycle file the journal lifecycle took out of a queue.
 * <p>
 * Immutable; any thread.
 *
 * @param queue       {@code inbound} or {@code outbound}.
 * @param file        the cycle file's name.
 * @param cycle       its roll cycle number.
 * @param firstRecord the journal record number of its first record (counting from 0 at the start of the queue).
 * @param records     records it held.
 * @param bytes       its size.
 * @param sha256      SHA-256 of its bytes, lower-case hex.
 * @param action      {@code archive} or {@code delete}.
 * @param destination the archived (compressed) copy, or null when deleted.
 * @param nextFile    the queue's cycle file that followed it when it was taken out: the journal
 *                    must then start at that file (or at a later one the ledger also lists).
 * @param time        when, UTC ISO-8601.
 */
public record LedgerEntry(
    String queue,
    String file,
    int cycle,
    long firstRecord,
    long records,
    long bytes,
    String sha256,
    String action,
    String destination,
    String nextFile,
    String time)
{
    /**
     * @return the record number just after this cycle.
     */
    public long endRecord()
    {
        return firstRecord + records;
    }

    String toJson()
    {
        final JsonObjectWriter json = new JsonObjectWriter().begin()
            .field("queue", queue)
            .field("file", file)
            .field("cycle", cycle)
            .field("first_record", firstRecord)
            .field("records", records)
            .field("bytes", bytes)
            .field("sha256", sha256)
            .field("action", action);
        if (destination != null)
        {
            json.field("destination", destination);
        }
        return json.field("next_file", nextFile).field("time", time).finish();
    }

    static LedgerEntry fromJson(final Map<String, Object> f, final String where)
    {
        try
        {
            return new LedgerEntry(
                (String)require(f, "queue", where),
                (String)require(f, "file", where),
                Math.toIntExact((Long)require(f, "cycle", where)),
                (Long)require(f, "first_record", where),
                (Long)require(f, "records", where),
                (Long)require(f, "bytes", where),
                (String)require(f, "sha256", where),
                (String)require(f, "action", where),
                (String)f.get("destination"),
                (String)require(f, "next_file", where),
                (String)require(f, "time", where));
        }
        catch (final ClassCastException | ArithmeticException ex)
        {
            throw new IllegalArgumentException(where + " has a field of the wrong type");
        }
    }

    private static Object require(final Map<String, Object> f, final String name, final String where)
    {
        final Object value = f.get(name);
        if (value == null)
        {
            throw new IllegalArgumentException(where + " has no " + name);
        }
        return value;
    }
}
