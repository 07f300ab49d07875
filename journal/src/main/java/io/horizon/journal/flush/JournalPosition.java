package io.horizon.journal.flush;

/**
 * How far a store has taken in the journal: the number of inbound records and of outbound
 * records consumed, which are also the numbers of the next records to read
 * ({@link io.horizon.journal.JournalReader#seek}). A flusher commits its position in the same
 * SQLite transaction as the rows those records produced, so after any crash it resumes exactly
 * after the last committed record.
 * <p>
 * Immutable; any thread.
 *
 * @param inboundNext  inbound records consumed (the next inbound sequence).
 * @param outboundNext outbound records consumed.
 */
public record JournalPosition(long inboundNext, long outboundNext)
{
    /** The start of the journal. */
    public static final JournalPosition START = new JournalPosition(0, 0);

    public JournalPosition
    {
        if (inboundNext < 0 || outboundNext < 0)
        {
            throw new IllegalArgumentException("journal position (" + inboundNext + ", " + outboundNext + ") must not be negative");
        }
    }

    /**
     * @return records consumed from both journals.
     */
    public long records()
    {
        return inboundNext + outboundNext;
    }

    @Override
    public String toString()
    {
        return "inbound " + inboundNext + ", outbound " + outboundNext;
    }
}
