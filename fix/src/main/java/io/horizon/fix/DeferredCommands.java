package io.horizon.fix;

import io.horizon.engine.output.EngineOutput;

/**
 * The venue commands (new order, cancel, amend) the session could not take yet because Artio's
 * library publication was back-pressured, oldest first. They are sent, in order, once the venue
 * has polled the library again: the Artio engine can only take more from us once we have read
 * what it holds for us, so waiting for room inside the send (Artio's own claim loop) while
 * nobody reads would hold both sides up, and refusing the command would lose an order that only
 * had to wait a moment. While any command waits, every later one queues behind it, so a cancel
 * never overtakes the order it cancels.
 * <p>
 * Each command is copied into a slot kept for reuse; the queue doubles only under sustained
 * back-pressure (allocation is the price of never refusing an order for it), so the steady state
 * allocates nothing.
 * <p>
 * Threading: the venue's polling thread only. Not thread-safe.
 */
final class DeferredCommands
{
    private static final int INITIAL_CAPACITY = 256;

    private EngineOutput[] slots = newSlots(INITIAL_CAPACITY);
    private int head;
    private int size;

    boolean isEmpty()
    {
        return size == 0;
    }

    int size()
    {
        return size;
    }

    /** Keeps a copy of the command at the back of the queue. */
    void add(final EngineOutput command)
    {
        if (size == slots.length)
        {
            grow();
        }
        slots[(head + size) % slots.length].copyFrom(command);
        size++;
    }

    /** @return the oldest command (valid until {@link #removeOldest()}), or {@code null} when empty. */
    EngineOutput oldest()
    {
        return size == 0 ? null : slots[head];
    }

    /** Drops the oldest command: it was sent or answered. */
    void removeOldest()
    {
        if (size == 0)
        {
            return;
        }
        head = (head + 1) % slots.length;
        size--;
    }

    private void grow()
    {
        final EngineOutput[] bigger = newSlots(slots.length * 2);
        for (int i = 0; i < size; i++)
        {
            bigger[i].copyFrom(slots[(head + i) % slots.length]);
        }
        slots = bigger;
        head = 0;
    }

    private static EngineOutput[] newSlots(final int capacity)
    {
        final EngineOutput[] slots = new EngineOutput[capacity];
        for (int i = 0; i < capacity; i++)
        {
            slots[i] = new EngineOutput().clear();
        }
        return slots;
    }
}
