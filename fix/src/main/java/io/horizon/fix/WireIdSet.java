package io.horizon.fix;

/**
 * A small set of FIX identifiers (one order's ExecIDs), searched in order: an order has a few
 * reports, so a scan beats hashing, and the identifiers' storage is kept across {@link #clear()}
 * so a pooled order reuses it without allocating.
 * <p>
 * Threading: not thread-safe; owned by the FIX venue's polling thread.
 */
final class WireIdSet
{
    private WireId[] ids = new WireId[4];
    private int size;

    /**
     * Adds {@code value[0, length)} unless it is there.
     *
     * @return true when added, false when it was there already.
     */
    boolean add(final char[] value, final int length)
    {
        if (contains(value, length))
        {
            return false;
        }
        if (size == ids.length)
        {
            ids = java.util.Arrays.copyOf(ids, size * 2);
        }
        if (ids[size] == null)
        {
            ids[size] = new WireId();
        }
        ids[size++].set(value, length);
        return true;
    }

    /**
     * @return true when {@code value[0, length)} is in the set.
     */
    boolean contains(final char[] value, final int length)
    {
        for (int i = 0; i < size; i++)
        {
            if (ids[i].contentEquals(value, length))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Removes {@code value[0, length)} when it is there.
     */
    void remove(final char[] value, final int length)
    {
        for (int i = 0; i < size; i++)
        {
            if (ids[i].contentEquals(value, length))
            {
                final WireId removed = ids[i];
                System.arraycopy(ids, i + 1, ids, i, size - i - 1);
                ids[--size] = removed;
                return;
            }
        }
    }

    int size()
    {
        return size;
    }

    /** Empties the set, keeping the storage. */
    void clear()
    {
        size = 0;
    }
}
