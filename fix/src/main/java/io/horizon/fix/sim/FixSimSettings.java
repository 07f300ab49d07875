package io.horizon.fix.sim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the FIX exchange simulator runs: where it listens, which session it accepts, which
 * instruments it lists and where its liquidity comes from.
 *
 * @param host            the address to listen on ({@code 127.0.0.1} by default).
 * @param port            the port; 0 picks a free one ({@link FixExchangeSimulator#port()} says which).
 * @param compId          the simulator's own CompID (SenderCompID of what it sends).
 * @param clientCompId    the one client CompID it accepts (Horizon's SenderCompID).
 * @param instruments     symbol to reference price (fixed point), in listing order.
 * @param seed            seed of the synthetic market that quotes the instruments.
 * @param tickMillis      how often the synthetic market moves (one instrument per tick); 0 for never.
 * @param fixedQuotes     quotes re-published every {@code tickMillis} instead of the synthetic market,
 *                        for tests and demos that need known liquidity; empty for the synthetic market.
 * @param username        the Username (553) a logon must carry, or {@code null} for any.
 * @param password        the Password (554) a logon must carry, or {@code null} for any.
 */
public record FixSimSettings(
    String host,
    int port,
    String compId,
    String clientCompId,
    Map<String, Long> instruments,
    long seed,
    long tickMillis,
    List<FixedQuote> fixedQuotes,
    String username,
    String password)
{
    /** The default port, as in the README. */
    public static final int DEFAULT_PORT = 9878;
    /** The simulator's default CompID. */
    public static final String DEFAULT_COMP_ID = "HZSIM";
    /** The client CompID accepted by default (the fix-sim preset's SenderCompID). */
    public static final String DEFAULT_CLIENT_COMP_ID = "HORIZON";

    /**
     * A fixed top of book for one symbol, fixed-point prices and sizes.
     *
     * @param symbol      the instrument.
     * @param bidPrice    best bid.
     * @param bidQuantity size at the bid.
     * @param askPrice    best ask.
     * @param askQuantity size at the ask.
     */
    public record FixedQuote(String symbol, long bidPrice, long bidQuantity, long askPrice, long askQuantity)
    {
    }

    /**
     * Checks and copies.
     */
    public FixSimSettings
    {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(compId, "compId");
        Objects.requireNonNull(clientCompId, "clientCompId");
        if (port < 0 || port > 65535)
        {
            throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
        }
        if (instruments.isEmpty())
        {
            throw new IllegalArgumentException("the simulator needs at least one instrument");
        }
        if (tickMillis < 0)
        {
            throw new IllegalArgumentException("tick must be >= 0 ms, got " + tickMillis);
        }
        instruments = new LinkedHashMap<>(instruments);
        fixedQuotes = List.copyOf(fixedQuotes);
        for (final FixedQuote quote : fixedQuotes)
        {
            if (!instruments.containsKey(quote.symbol()))
            {
                throw new IllegalArgumentException("quote for " + quote.symbol() + ", which is not listed; listed: " +
                    instruments.keySet());
            }
        }
    }

    @Override
    public String toString()
    {
        return "FixSimSettings{" + host + ":" + port + ", " + compId + " accepts " + clientCompId + ", instruments " +
            instruments.keySet() + ", " + (fixedQuotes.isEmpty() ? "synthetic market seed " + seed : "fixed quotes") +
            " every " + tickMillis + " ms, credentials " + (username == null ? "not checked" : "checked") + "}";
    }
}
