package io.horizon.fix;

import io.horizon.engine.output.EngineOutput;

/**
 * The venue commands (new order, cancel, amend) and reconciliation's status requests
 * (OrderStatusRequest for one order, OrderMassStatusRequest) the session could not take yet
 * because Artio's library publication was back-pressured, oldest first. They are sent, in order, once the venue
 * has polled the library again: the Artio engine can only take more from us once we have read
 * what it holds for us, so waiting for room inside the send (Artio's own claim loop) while
 * nobody reads would hold both sides up, and refusing the command would lose an order that only
 * had to wait a moment. While any command waits, every later one queues behind it, so a cancel
 * never overtakes the order it cancels, and a status request goes out after the commands before it.
 * A status request is kept as the order's id only ({@link #ORDER_STATUS}; its ClOrdID is looked up
 * when it goes out, so a replace meanwhile is asked about by its new one) or as a marker
 * ({@link #MASS_STATUS}).
 * <p>
 * Each command is copied into a slot kept for reuse; the queue doubles only under sustained
 * back-pressure (allocation is the price of never refusing an order for it), so the steady state
 * allocates nothing.
 * <p>
 * Threading: the venue's polling thread only. Not thread-safe.
 */
final class DeferredCommands
{
    /** A venue command (new order, cancel, amend), kept as a copy. */
    static final byte COMMAND = 0;
    /** An OrderStatusRequest for the order whose id the slot's {@code orderId} holds. */
    static final byte ORDER_STATUS = 1;
    /** An OrderMassStatusRequest for all orders. */
    static final byte MASS_STATUS = 2;

    private static final int INITIAL_CAPACITY = 256;

    private EngineOutput[] slots = newSlots(INITIAL_CAPACITY);
    private byte[] kinds = new byte[INITIAL_CAPACITY];
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
        final int slot = claim(COMMAND); // before reading slots: claiming may grow the array
        slots[slot].copyFrom(command);
    }

    /** Keeps an OrderStatusRequest for the order at the back of the queue. */
    void addOrderStatus(final long orderId)
    {
        final int slot = claim(ORDER_STATUS);
        slots[slot].clear().orderId = orderId;
    }

    /** Keeps an OrderMassStatusRequest at the back of the queue. */
    void addMassStatus()
    {
        final int slot = claim(MASS_STATUS);
        slots[slot].clear();
    }

    /** @return the oldest command (valid until {@link #removeOldest()}), or {@code null} when empty. */
    EngineOutput oldest()
    {
        return size == 0 ? null : slots[head];
    }

    /** @return what the oldest entry is: {@link #COMMAND}, {@link #ORDER_STATUS} or {@link #MASS_STATUS}. */
    byte oldestKind()
    {
        return kinds[head];
    }

    private int claim(final byte kind)
    {
        if (size == slots.length)
        {
            grow();
        }
        final int slot = (head + size) % slots.length;
        kinds[slot] = kind;
        size++;
        return slot;
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
        final byte[] biggerKinds = new byte[bigger.length];
        for (int i = 0; i < size; i++)
        {
            bigger[i].copyFrom(slots[(head + i) % slots.length]);
            biggerKinds[i] = kinds[(head + i) % slots.length];
        }
        slots = bigger;
        kinds = biggerKinds;
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
