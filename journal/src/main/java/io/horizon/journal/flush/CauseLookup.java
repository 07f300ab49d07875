package io.horizon.journal.flush;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.horizon.engine.event.EventType;
import io.horizon.engine.event.InboundEvent;
import io.horizon.journal.JournalException;
import io.horizon.journal.JournalReader;

/**
 * Finds the journaled inbound event with a given ring sequence: the event that caused an output
 * (a venue error's text, the input an engine error failed on). Cold path: dead letters are rare.
 * <p>
 * Threading: one thread (the flusher's).
 */
public final class CauseLookup implements AutoCloseable
{
    /** Longest error text kept in a dead letter or an audit event. */
    public static final int MAX_ERROR_CHARS = 1000;

    private final Path stateDirectory;
    private final InboundEvent event = new InboundEvent();
    private JournalReader reader;
    private long held = -1;

    /**
     * @param stateDirectory the state directory whose inbound journal to read.
     */
    public CauseLookup(final Path stateDirectory)
    {
        this.stateDirectory = stateDirectory;
    }

    /**
     * @param sequence an inbound sequence.
     * @return the event (valid until the next call), or {@code null} when the journal does not hold it.
     * @throws JournalException when the record is damaged.
     */
    public InboundEvent event(final long sequence)
    {
        if (sequence < 0)
        {
            return null;
        }
        if (sequence == held)
        {
            return event;
        }
        if (reader == null)
        {
            reader = JournalReader.inbound(stateDirectory);
        }
        held = -1;
        try
        {
            reader.seek(sequence);
        }
        catch (final JournalException ex)
        {
            // The journal holds fewer records: the cause was never journaled (it cannot happen while
            // journal-before-effect holds), so the caller says the text is unavailable.
            return null;
        }
        if (!reader.nextInbound(event))
        {
            return null;
        }
        held = sequence;
        return event;
    }

    /**
     * The error text of a venue call that failed, from the journaled {@code VENUE_ERROR} event
     * that caused a reject; cut to {@value #MAX_ERROR_CHARS} characters.
     *
     * @param causeSequence the reject's cause sequence.
     * @return the text, or a sentence saying it is not in the journal.
     */
    public String venueErrorText(final long causeSequence)
    {
        final InboundEvent cause = event(causeSequence);
        if (cause == null || cause.type != EventType.VENUE_ERROR || cause.textLength() == 0)
        {
            return "venue call failed; the error text is not in the journal";
        }
        return cut(new String(cause.textBytes(), 0, cause.textLength(), StandardCharsets.UTF_8));
    }

    /**
     * @param text any text.
     * @return at most {@value #MAX_ERROR_CHARS} characters of it.
     */
    public static String cut(final String text)
    {
        return text.length() <= MAX_ERROR_CHARS ? text : text.substring(0, MAX_ERROR_CHARS);
    }

    @Override
    public void close()
    {
        if (reader != null)
        {
            reader.close();
            reader = null;
        }
    }
}
