package io.horizon.engine.journal;

import java.util.ArrayList;
import java.util.List;

import io.horizon.engine.event.InboundEvent;

/**
 * A journal that keeps copies of every event in memory, for tests that replay a run into a fresh
 * BLP. It allocates per event, so it lives in test sources (the test-jar), never in production.
 * <p>
 * Threading: {@link #append} on the journal thread; {@link #events()} after the pipeline has
 * stopped, or from any thread under the same lock.
 */
public final class InMemoryJournal implements JournalStage
{
    private final List<InboundEvent> events = new ArrayList<>();

    @Override
    public synchronized boolean append(final InboundEvent event, final long sequence, final boolean endOfBatch)
    {
        events.add(new InboundEvent().copyFrom(event));
        return true;
    }

    /**
     * @return a snapshot copy of the list of events journaled so far, in order.
     */
    public synchronized List<InboundEvent> events()
    {
        return new ArrayList<>(events);
    }

    /**
     * @return number of events journaled.
     */
    public synchronized int size()
    {
        return events.size();
    }

    @Override
    public String toString()
    {
        return "in-memory";
    }
}
