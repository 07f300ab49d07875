package io.horizon.engine.event;

/**
 * Order side. The sign is what a fill does to the position: +1 for a buy, -1 for a sell.
 */
public enum Side
{
    BUY(1),
    SELL(-1);

    private final int sign;

    Side(final int sign)
    {
        this.sign = sign;
    }

    /**
     * @return +1 for a buy, -1 for a sell.
     */
    public int sign()
    {
        return sign;
    }

    /**
     * @return the opposite side.
     */
    public Side opposite()
    {
        return this == BUY ? SELL : BUY;
    }
}
