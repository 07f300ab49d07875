package io.horizon.engine.output;

import com.lmax.disruptor.Sequence;

/**
 * Single-producer, single-consumer ring of preallocated {@link EngineOutput} slots between the
 * business-logic processor (producer) and the venue gateway (consumer).
 * <p>
 * The BLP never decides anything differently because the outbox is full: that would make its
 * output depend on timing that the journal does not record. Instead it waits, after telling the
 * ring it has finished every earlier event (see the BLP), so the gateway can drain. The capacity
 * must exceed the most outputs one event can cause, or that wait could never end; the pipeline
 * sizes it from the order capacity for that reason.
 * <p>
 * Threading: {@link #claim}, {@link #publish} and {@link #hasCapacity} on the producer thread;
 * {@link #peek}, {@link #consume} and {@link #isEmpty} on the consumer thread.
 */
public final class Outbox
{
    private final EngineOutput[] slots;
    private final int mask;
    private final Sequence published = new Sequence(-1);
    private final Sequence consumed = new Sequence(-1);
    private long claimed = -1;

    /**
     * @param capacity a power of two.
     */
    public Outbox(final int capacity)
    {
        if (capacity <= 0 || Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("outbox capacity must be a power of two, got " + capacity);
        }
        slots = new EngineOutput[capacity];
        for (int i = 0; i < capacity; i++)
        {
            slots[i] = new EngineOutput().clear();
        }
        mask = capacity - 1;
    }

    /**
     * @return the number of slots.
     */
    public int capacity()
    {
        return slots.length;
    }

    /**
     * Producer: true when one more slot can be claimed now.
     */
    public boolean hasCapacity()
    {
        return claimed - consumed.get() < slots.length;
    }

    /**
     * Producer: claims the next slot, cleared. Call {@link #hasCapacity()} first.
     *
     * @return the slot to fill.
     */
    public EngineOutput claim()
    {
        final long next = claimed + 1;
        if (next - consumed.get() > slots.length)
        {
            throw new IllegalStateException("outbox full: claim called without capacity");
        }
        claimed = next;
        return slots[(int)(next & mask)].clear();
    }

    /**
     * Producer: makes every claimed slot visible to the consumer.
     */
    public void publish()
    {
        published.set(claimed);
    }

    /**
     * Consumer: the next published slot, without consuming it.
     *
     * @return the slot, or {@code null} when none is published.
     */
    public EngineOutput peek()
    {
        final long next = consumed.get() + 1;
        if (next > published.get())
        {
            return null;
        }
        return slots[(int)(next & mask)];
    }

    /**
     * Consumer: releases the slot returned by the last {@link #peek()}.
     */
    public void consume()
    {
        consumed.set(consumed.get() + 1);
    }

    /**
     * Consumer: true when nothing published is left.
     */
    public boolean isEmpty()
    {
        return consumed.get() >= published.get();
    }
}
