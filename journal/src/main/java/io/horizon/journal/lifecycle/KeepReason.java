package io.horizon.journal.lifecycle;

/**
 * Why the journal lifecycle kept a cycle. A queue is taken out only from its start, so the first
 * kept cycle also keeps every later one ({@link #AFTER_KEPT}).
 */
public enum KeepReason
{
    /** The queue's newest cycle: a writer may be appending to it. */
    NEWEST("the newest cycle, still written"),
    /** Recovery may need it: the oldest snapshot kept is not past it. */
    RECOVERY("recovery may need it: no snapshot kept covers it"),
    /** The audit log or the dead-letter queue has not committed all of it. */
    NOT_FLUSHED("not yet flushed into audit and dead-letter stores"),
    /** Its retention period has not passed. */
    RETENTION("within its retention period"),
    /** A legal hold keeps an event it caused. */
    LEGAL_HOLD("under legal hold"),
    /** An earlier cycle of the queue is kept. */
    AFTER_KEPT("an earlier cycle is kept");

    private final String text;

    KeepReason(final String text)
    {
        this.text = text;
    }

    /**
     * @return the reason in words.
     */
    public String text()
    {
        return text;
    }
}
