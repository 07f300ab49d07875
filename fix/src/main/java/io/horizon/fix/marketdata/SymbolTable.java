package io.horizon.fix.marketdata;

import io.horizon.engine.reference.ReferenceData;

/**
 * Finds an instrument by the characters of a FIX Symbol (55) as a decoder holds them, without
 * making a {@code String}: an open-addressing table over the reference data's symbols, built once.
 * <p>
 * Threading: immutable after construction; any thread.
 */
final class SymbolTable
{
    private final char[][] symbols;
    private final int[] ids;
    private final int mask;

    /**
     * @param referenceData the instruments.
     */
    SymbolTable(final ReferenceData referenceData)
    {
        final int count = referenceData.instrumentCount();
        int size = 4;
        while (size < count * 2)
        {
            size <<= 1;
        }
        symbols = new char[size][];
        ids = new int[size];
        mask = size - 1;
        for (int id = 0; id < count; id++)
        {
            final char[] symbol = referenceData.instrument(id).symbol().toCharArray();
            int slot = hash(symbol, symbol.length) & mask;
            while (symbols[slot] != null)
            {
                slot = (slot + 1) & mask;
            }
            symbols[slot] = symbol;
            ids[slot] = id;
        }
    }

    /**
     * @param symbol the characters, from index 0.
     * @param length how many of them.
     * @return the instrument id, or -1 when no instrument has that symbol.
     */
    int instrumentId(final char[] symbol, final int length)
    {
        int slot = hash(symbol, length) & mask;
        while (symbols[slot] != null)
        {
            if (matches(symbols[slot], symbol, length))
            {
                return ids[slot];
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    private static boolean matches(final char[] known, final char[] symbol, final int length)
    {
        if (known.length != length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (known[i] != symbol[i])
            {
                return false;
            }
        }
        return true;
    }

    private static int hash(final char[] symbol, final int length)
    {
        int h = 0;
        for (int i = 0; i < length; i++)
        {
            h = 31 * h + symbol[i];
        }
        return h ^ (h >>> 16);
    }
}
