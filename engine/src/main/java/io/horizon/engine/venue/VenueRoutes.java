package io.horizon.engine.venue;

import java.util.List;

/**
 * Which venue each order goes to: the venue its account is routed to, else the venue its
 * instrument is routed to, else the default venue (the first). It depends only on configuration,
 * never on time or state, so a replay routes the same way, and whoever describes an order (the
 * audit log, the dead-letter queue) names the same venue the router sent it to.
 * <p>
 * Immutable; any thread.
 */
public final class VenueRoutes
{
    private final String[] names;
    private final int[] venueByAccount;
    private final int[] venueByInstrument;
    private final String joinedNames;

    /**
     * @param names             the venues' names, in the router's order; the first is the default.
     * @param venueByAccount    per account id, the index of its venue, or -1 for none.
     * @param venueByInstrument per instrument id, the index of its venue, or -1 for none.
     * @throws IllegalArgumentException when there is no venue or an index is out of range.
     */
    public VenueRoutes(final List<String> names, final int[] venueByAccount, final int[] venueByInstrument)
    {
        if (names.isEmpty())
        {
            throw new IllegalArgumentException("routes need at least one venue");
        }
        this.names = names.toArray(new String[0]);
        this.venueByAccount = venueByAccount.clone();
        this.venueByInstrument = venueByInstrument.clone();
        this.joinedNames = String.join("+", names);
        for (final int index : this.venueByAccount)
        {
            checkIndex(index);
        }
        for (final int index : this.venueByInstrument)
        {
            checkIndex(index);
        }
    }

    /**
     * @param name the one venue.
     * @return routes that send every order to it.
     */
    public static VenueRoutes single(final String name)
    {
        return new VenueRoutes(List.of(name), new int[0], new int[0]);
    }

    /**
     * @param accountId    the order's account.
     * @param instrumentId the order's instrument.
     * @return the index of the venue the order goes to.
     */
    public int index(final int accountId, final int instrumentId)
    {
        if (accountId >= 0 && accountId < venueByAccount.length && venueByAccount[accountId] >= 0)
        {
            return venueByAccount[accountId];
        }
        if (instrumentId >= 0 && instrumentId < venueByInstrument.length && venueByInstrument[instrumentId] >= 0)
        {
            return venueByInstrument[instrumentId];
        }
        return 0;
    }

    /**
     * @param accountId    the order's account.
     * @param instrumentId the order's instrument.
     * @return the name of the venue the order goes to.
     */
    public String name(final int accountId, final int instrumentId)
    {
        return names[index(accountId, instrumentId)];
    }

    /**
     * @return how many venues.
     */
    public int venueCount()
    {
        return names.length;
    }

    /**
     * @return every venue's name, joined by {@code +}.
     */
    public String names()
    {
        return joinedNames;
    }

    private void checkIndex(final int index)
    {
        if (index < -1 || index >= names.length)
        {
            throw new IllegalArgumentException("venue index " + index + " out of range; " + names.length + " venues");
        }
    }
}
