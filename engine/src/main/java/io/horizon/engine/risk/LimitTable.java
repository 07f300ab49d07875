package io.horizon.engine.risk;

import io.horizon.engine.snapshot.SnapshotState;
import io.horizon.engine.snapshot.StateReader;
import io.horizon.engine.snapshot.StateWriter;
import io.horizon.engine.snapshot.SnapshotFormatException;

import java.util.Arrays;

/**
 * The limits in force now: a {@link RiskConfig} laid out in flat arrays per account and per
 * instrument for the hot path, and changed at run time by {@code LIMIT_CHANGE} control events,
 * which are validated by the same rules as the configuration.
 * <p>
 * Reads are array loads; nothing allocates.
 * <p>
 * Threading: BLP thread only; read from elsewhere only after the pipeline has stopped.
 */
public final class LimitTable implements SnapshotState
{
    private static final long[] EMPTY = new long[0];

    private final int accounts;
    private final int instruments;
    private final long[] global;
    private final long[][] perAccount;
    private final long[][] perInstrument;
    private long previousValue;
    private long refusedBound;

    /**
     * @param config      the starting limits; its override ids must be valid.
     * @param accounts    accounts in the reference data.
     * @param instruments instruments in the reference data.
     * @throws IllegalArgumentException when an override names an id beyond the reference data.
     */
    public LimitTable(final RiskConfig config, final int accounts, final int instruments)
    {
        this.accounts = accounts;
        this.instruments = instruments;
        final RiskLimit[] limits = RiskLimit.values();
        global = new long[limits.length];
        perAccount = new long[limits.length][];
        perInstrument = new long[limits.length][];
        for (final Integer id : config.overriddenAccounts())
        {
            if (id >= accounts)
            {
                throw new IllegalArgumentException("risk.account[" + id + "] is overridden but there is no account " + id +
                    "; accounts are 0 to " + (accounts - 1));
            }
        }
        for (final Integer id : config.overriddenInstruments())
        {
            if (id >= instruments)
            {
                throw new IllegalArgumentException("risk.instrument[" + id + "] is overridden but there is no instrument " +
                    id + "; instruments are 0 to " + (instruments - 1));
            }
        }
        for (final RiskLimit limit : limits)
        {
            final int k = limit.ordinal();
            global[k] = config.value(limit);
            if (limit.scope() == RiskLimit.Scope.ACCOUNT)
            {
                perAccount[k] = new long[accounts];
                for (int a = 0; a < accounts; a++)
                {
                    perAccount[k][a] = config.accountValue(limit, a);
                }
            }
            else if (limit.scope() == RiskLimit.Scope.INSTRUMENT)
            {
                perInstrument[k] = new long[instruments];
                for (int i = 0; i < instruments; i++)
                {
                    perInstrument[k][i] = config.instrumentValue(limit, i);
                }
            }
        }
    }

    /**
     * @param limit a global limit.
     * @return its value now.
     */
    public long global(final RiskLimit limit)
    {
        return global[limit.ordinal()];
    }

    /**
     * @param limit     an account-scoped limit.
     * @param accountId a valid account id.
     * @return the account's value now.
     */
    public long account(final RiskLimit limit, final int accountId)
    {
        return perAccount[limit.ordinal()][accountId];
    }

    /**
     * @param limit        an instrument-scoped limit.
     * @param instrumentId a valid instrument id.
     * @return the instrument's value now.
     */
    public long instrument(final RiskLimit limit, final int instrumentId)
    {
        return perInstrument[limit.ordinal()][instrumentId];
    }

    /**
     * @param limit a limit of any scope.
     * @return the largest value any account or instrument has now (the global value for global limits).
     */
    public long highest(final RiskLimit limit)
    {
        final long[] values = limit.scope() == RiskLimit.Scope.ACCOUNT ? perAccount[limit.ordinal()] :
            limit.scope() == RiskLimit.Scope.INSTRUMENT ? perInstrument[limit.ordinal()] : null;
        if (values == null)
        {
            return global[limit.ordinal()];
        }
        long max = 0;
        for (final long v : values)
        {
            max = Math.max(max, v);
        }
        return max;
    }

    /**
     * Applies a run-time change. Cold path (an operator's action).
     *
     * @param limit        the limit.
     * @param accountId    for an account limit, one account, or -1 for all; must be -1 otherwise.
     * @param instrumentId for an instrument limit, one instrument, or -1 for all; must be -1 otherwise.
     * @param value        the new raw value.
     * @return {@code null} when applied (see {@link #previousValue()}); otherwise why not (see
     *         {@link #refusedBound()}).
     */
    LimitRefusal change(final RiskLimit limit, final int accountId, final int instrumentId, final long value)
    {
        refusedBound = 0;
        if (!limit.allows(value))
        {
            refusedBound = value < 0 ? 0 : limit.max();
            return LimitRefusal.OUT_OF_RANGE;
        }
        final int k = limit.ordinal();
        switch (limit.scope())
        {
            case GLOBAL:
                if (accountId != -1 || instrumentId != -1)
                {
                    return LimitRefusal.WRONG_SCOPE;
                }
                return changeGlobal(limit, value);

            case ACCOUNT:
                if (instrumentId != -1)
                {
                    return LimitRefusal.WRONG_SCOPE;
                }
                if (accountId < -1 || accountId >= accounts)
                {
                    return LimitRefusal.UNKNOWN_ACCOUNT;
                }
                previousValue = perAccount[k][Math.max(accountId, 0)];
                setRange(perAccount[k], accountId, value);
                return null;

            default:
                if (accountId != -1)
                {
                    return LimitRefusal.WRONG_SCOPE;
                }
                if (instrumentId < -1 || instrumentId >= instruments)
                {
                    return LimitRefusal.UNKNOWN_INSTRUMENT;
                }
                if (limit == RiskLimit.PRICE_MIN || limit == RiskLimit.PRICE_MAX)
                {
                    final int from = instrumentId < 0 ? 0 : instrumentId;
                    final int to = instrumentId < 0 ? instruments : instrumentId + 1;
                    for (int i = from; i < to; i++)
                    {
                        final long min = limit == RiskLimit.PRICE_MIN ? value : perInstrument[RiskLimit.PRICE_MIN.ordinal()][i];
                        final long max = limit == RiskLimit.PRICE_MAX ? value : perInstrument[RiskLimit.PRICE_MAX.ordinal()][i];
                        if (!RiskConfig.priceBoundsConsistent(min, max))
                        {
                            refusedBound = limit == RiskLimit.PRICE_MIN ? max : min;
                            return LimitRefusal.CONTRADICTS;
                        }
                    }
                }
                previousValue = perInstrument[k][Math.max(instrumentId, 0)];
                setRange(perInstrument[k], instrumentId, value);
                return null;
        }
    }

    private LimitRefusal changeGlobal(final RiskLimit limit, final long value)
    {
        if (limit == RiskLimit.FEED_DEGRADED_SECONDS || limit == RiskLimit.FEED_STALE_SECONDS ||
            limit == RiskLimit.FEED_DISCONNECTED_SECONDS)
        {
            final long degraded = limit == RiskLimit.FEED_DEGRADED_SECONDS ? value : global(RiskLimit.FEED_DEGRADED_SECONDS);
            final long stale = limit == RiskLimit.FEED_STALE_SECONDS ? value : global(RiskLimit.FEED_STALE_SECONDS);
            final long gone = limit == RiskLimit.FEED_DISCONNECTED_SECONDS ? value : global(RiskLimit.FEED_DISCONNECTED_SECONDS);
            final RiskLimit[] conflict = RiskConfig.feedThresholdConflict(degraded, stale, gone);
            if (conflict != null)
            {
                final RiskLimit other = conflict[0] == limit ? conflict[1] : conflict[0];
                refusedBound = global(other);
                return LimitRefusal.CONTRADICTS;
            }
        }
        previousValue = global[limit.ordinal()];
        global[limit.ordinal()] = value;
        return null;
    }

    private static void setRange(final long[] values, final int id, final long value)
    {
        if (id < 0)
        {
            Arrays.fill(values, value);
        }
        else
        {
            values[id] = value;
        }
    }

    /**
     * @return the value a limit had before the last applied change (of the first account or
     *         instrument when the change applied to all).
     */
    public long previousValue()
    {
        return previousValue;
    }

    /**
     * @return for the last refused change, the bound it broke: the allowed maximum (or 0), or
     *         the value of the limit it contradicts.
     */
    public long refusedBound()
    {
        return refusedBound;
    }

    @Override
    public void writeState(final StateWriter out)
    {
        // Every limit in force, by its stable code: preset values and run-time changes alike.
        final RiskLimit[] limits = RiskLimit.values();
        out.putInt(limits.length);
        for (final RiskLimit limit : limits)
        {
            final int k = limit.ordinal();
            out.putInt(limit.code());
            out.putLong(global[k]);
            out.putLongs(perAccount[k] == null ? EMPTY : perAccount[k]);
            out.putLongs(perInstrument[k] == null ? EMPTY : perInstrument[k]);
        }
    }

    @Override
    public void readState(final StateReader in)
    {
        final int n = in.getInt("limit count", 0, 1024);
        for (int j = 0; j < n; j++)
        {
            final int code = in.getInt("limit code");
            final RiskLimit limit = RiskLimit.fromCode(code);
            if (limit == null)
            {
                throw new SnapshotFormatException("risk limit code " + code + " is not known to this release");
            }
            final int k = limit.ordinal();
            global[k] = in.getLong("limit " + limit.key());
            in.getLongs(perAccount[k] == null ? EMPTY : perAccount[k], "limit " + limit.key() + " per account");
            in.getLongs(perInstrument[k] == null ? EMPTY : perInstrument[k], "limit " + limit.key() + " per instrument");
        }
    }
}
