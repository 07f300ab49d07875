package io.horizon.engine.risk;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The risk, kill-switch and watchdog limits a run starts with: a named {@link RiskProfile}'s
 * defaults, changed where the operator said so, with per-account and per-instrument overrides for
 * the limits of those scopes. Limits can change later at run time through journaled
 * {@code LIMIT_CHANGE} control events; this is only the starting point.
 * <p>
 * The builder refuses values a limit does not allow and limits that contradict each other, with
 * a message that names the key and value and says what is allowed, for example
 * {@code risk.price_min = 5 is greater than risk.price_max = 1; price_min must not exceed price_max}.
 * Presets are parsed elsewhere (ops) and call this builder; nothing here reads files.
 * <p>
 * Immutable; any thread.
 */
public final class RiskConfig
{
    private final RiskProfile profile;
    private final long[] defaults;
    private final Map<Integer, Map<RiskLimit, Long>> accountOverrides;
    private final Map<Integer, Map<RiskLimit, Long>> instrumentOverrides;

    private RiskConfig(final Builder b)
    {
        profile = b.profile;
        defaults = b.defaults.clone();
        accountOverrides = freeze(b.accountOverrides);
        instrumentOverrides = freeze(b.instrumentOverrides);
    }

    private static Map<Integer, Map<RiskLimit, Long>> freeze(final Map<Integer, Map<RiskLimit, Long>> source)
    {
        final Map<Integer, Map<RiskLimit, Long>> copy = new TreeMap<>();
        for (final Map.Entry<Integer, Map<RiskLimit, Long>> e : source.entrySet())
        {
            copy.put(e.getKey(), Collections.unmodifiableMap(new EnumMap<>(e.getValue())));
        }
        return Collections.unmodifiableMap(copy);
    }

    /**
     * @param profile the profile to start from.
     * @return a builder holding the profile's defaults.
     */
    public static Builder builder(final RiskProfile profile)
    {
        return new Builder(profile);
    }

    /**
     * @param profile a profile.
     * @return the profile's defaults, unchanged.
     */
    public static RiskConfig of(final RiskProfile profile)
    {
        return builder(profile).build();
    }

    /**
     * @return the profile the limits started from.
     */
    public RiskProfile profile()
    {
        return profile;
    }

    /**
     * @param limit a limit.
     * @return its value for the whole engine, or the default of every account or instrument.
     */
    public long value(final RiskLimit limit)
    {
        return defaults[limit.ordinal()];
    }

    /**
     * @param limit     an account-scoped limit.
     * @param accountId an account id.
     * @return the account's value: its override, or the default.
     */
    public long accountValue(final RiskLimit limit, final int accountId)
    {
        return overrideOr(accountOverrides, accountId, limit);
    }

    /**
     * @param limit        an instrument-scoped limit.
     * @param instrumentId an instrument id.
     * @return the instrument's value: its override, or the default.
     */
    public long instrumentValue(final RiskLimit limit, final int instrumentId)
    {
        return overrideOr(instrumentOverrides, instrumentId, limit);
    }

    private long overrideOr(final Map<Integer, Map<RiskLimit, Long>> overrides, final int id, final RiskLimit limit)
    {
        final Map<RiskLimit, Long> o = overrides.get(id);
        final Long v = o == null ? null : o.get(limit);
        return v == null ? defaults[limit.ordinal()] : v;
    }

    /**
     * @return account ids that have overrides, ascending.
     */
    public Iterable<Integer> overriddenAccounts()
    {
        return accountOverrides.keySet();
    }

    /**
     * @return instrument ids that have overrides, ascending.
     */
    public Iterable<Integer> overriddenInstruments()
    {
        return instrumentOverrides.keySet();
    }

    /**
     * The rule between {@code price_min} and {@code price_max}, shared with run-time changes.
     *
     * @return true when the pair is consistent (a {@code price_max} of 0 means no upper bound).
     */
    static boolean priceBoundsConsistent(final long priceMin, final long priceMax)
    {
        return priceMax == 0 || priceMin <= priceMax;
    }

    /**
     * The rule between the feed thresholds, shared with run-time changes: degraded, then stale,
     * then disconnected, each 0 (off) or no earlier than the one before it.
     *
     * @return the pair of limits that contradict each other, or {@code null}.
     */
    static RiskLimit[] feedThresholdConflict(final long degraded, final long stale, final long disconnected)
    {
        if (degraded > 0 && stale > 0 && degraded > stale)
        {
            return new RiskLimit[]{RiskLimit.FEED_DEGRADED_SECONDS, RiskLimit.FEED_STALE_SECONDS};
        }
        if (stale > 0 && disconnected > 0 && stale > disconnected)
        {
            return new RiskLimit[]{RiskLimit.FEED_STALE_SECONDS, RiskLimit.FEED_DISCONNECTED_SECONDS};
        }
        if (degraded > 0 && disconnected > 0 && degraded > disconnected)
        {
            return new RiskLimit[]{RiskLimit.FEED_DEGRADED_SECONDS, RiskLimit.FEED_DISCONNECTED_SECONDS};
        }
        return null;
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("risk profile ").append(profile.configName());
        for (final RiskLimit limit : RiskLimit.values())
        {
            final long v = defaults[limit.ordinal()];
            if (v != profile.defaultValue(limit))
            {
                sb.append(' ').append(limit.key()).append('=').append(limit.format(v));
            }
        }
        if (!accountOverrides.isEmpty())
        {
            sb.append(" account overrides=").append(accountOverrides.keySet());
        }
        if (!instrumentOverrides.isEmpty())
        {
            sb.append(" instrument overrides=").append(instrumentOverrides.keySet());
        }
        return sb.toString();
    }

    /**
     * Collects limits and validates them; every refusal names the setting, the value and what is
     * allowed. Not thread-safe.
     */
    public static final class Builder
    {
        private final RiskProfile profile;
        private final long[] defaults = new long[RiskLimit.values().length];
        private final Map<Integer, Map<RiskLimit, Long>> accountOverrides = new TreeMap<>();
        private final Map<Integer, Map<RiskLimit, Long>> instrumentOverrides = new TreeMap<>();

        private Builder(final RiskProfile profile)
        {
            if (profile == null)
            {
                throw new IllegalArgumentException("risk.profile is missing; use conservative, moderate or aggressive");
            }
            this.profile = profile;
            for (final RiskLimit limit : RiskLimit.values())
            {
                defaults[limit.ordinal()] = profile.defaultValue(limit);
            }
        }

        /**
         * Sets a limit for the whole engine, or the default of every account or instrument.
         *
         * @param limit the limit.
         * @param raw   its raw value in the limit's unit.
         * @return this.
         */
        public Builder set(final RiskLimit limit, final long raw)
        {
            defaults[limit.ordinal()] = limit.checked("risk." + limit.key(), raw);
            return this;
        }

        /**
         * Sets a limit from text, as a preset writes it ({@code set("max_order_notional", "60000")}).
         *
         * @param key   the limit's key.
         * @param value its value in words.
         * @return this.
         */
        public Builder set(final String key, final String value)
        {
            final RiskLimit limit = known("risk.", key);
            defaults[limit.ordinal()] = limit.parse("risk." + limit.key(), value);
            return this;
        }

        /**
         * Overrides an account-scoped limit for one account.
         *
         * @param accountId the account's id.
         * @param limit     an account-scoped limit.
         * @param raw       its raw value.
         * @return this.
         */
        public Builder account(final int accountId, final RiskLimit limit, final long raw)
        {
            final String name = "risk.account[" + accountId + "]." + limit.key();
            requireScope(name, limit, RiskLimit.Scope.ACCOUNT, accountId);
            accountOverrides.computeIfAbsent(accountId, k -> new EnumMap<>(RiskLimit.class)).put(limit, limit.checked(name, raw));
            return this;
        }

        /**
         * Overrides an account-scoped limit for one account, from text.
         *
         * @return this.
         */
        public Builder account(final int accountId, final String key, final String value)
        {
            final RiskLimit limit = known("risk.account[" + accountId + "].", key);
            final String name = "risk.account[" + accountId + "]." + limit.key();
            requireScope(name, limit, RiskLimit.Scope.ACCOUNT, accountId);
            return account(accountId, limit, limit.parse(name, value));
        }

        /**
         * Overrides an instrument-scoped limit for one instrument.
         *
         * @param instrumentId the instrument's id.
         * @param limit        an instrument-scoped limit.
         * @param raw          its raw value.
         * @return this.
         */
        public Builder instrument(final int instrumentId, final RiskLimit limit, final long raw)
        {
            final String name = "risk.instrument[" + instrumentId + "]." + limit.key();
            requireScope(name, limit, RiskLimit.Scope.INSTRUMENT, instrumentId);
            instrumentOverrides.computeIfAbsent(instrumentId, k -> new EnumMap<>(RiskLimit.class))
                .put(limit, limit.checked(name, raw));
            return this;
        }

        /**
         * Overrides an instrument-scoped limit for one instrument, from text.
         *
         * @return this.
         */
        public Builder instrument(final int instrumentId, final String key, final String value)
        {
            final RiskLimit limit = known("risk.instrument[" + instrumentId + "].", key);
            final String name = "risk.instrument[" + instrumentId + "]." + limit.key();
            requireScope(name, limit, RiskLimit.Scope.INSTRUMENT, instrumentId);
            return instrument(instrumentId, limit, limit.parse(name, value));
        }

        private static RiskLimit known(final String prefix, final String key)
        {
            final RiskLimit limit = RiskLimit.fromKey(key);
            if (limit == null)
            {
                final StringBuilder keys = new StringBuilder();
                for (final RiskLimit l : RiskLimit.values())
                {
                    keys.append(keys.length() == 0 ? "" : ", ").append(l.key());
                }
                throw new IllegalArgumentException(prefix + key + " is not a risk limit; use one of: " + keys);
            }
            return limit;
        }

        private static void requireScope(final String name, final RiskLimit limit, final RiskLimit.Scope scope, final int id)
        {
            if (id < 0)
            {
                throw new IllegalArgumentException(name + ": " + id + " is not an id; ids count from 0");
            }
            if (limit.scope() != scope)
            {
                throw new IllegalArgumentException(name + ": " + limit.key() + " is set " + describe(limit.scope()) +
                    ", not per " + scope.name().toLowerCase(Locale.ROOT));
            }
        }

        private static String describe(final RiskLimit.Scope scope)
        {
            switch (scope)
            {
                case ACCOUNT:
                    return "per account";
                case INSTRUMENT:
                    return "per instrument";
                default:
                    return "for the whole engine";
            }
        }

        /**
         * @return the configuration.
         * @throws IllegalArgumentException when limits contradict each other.
         */
        public RiskConfig build()
        {
            checkPriceBounds("risk.price_min", defaults[RiskLimit.PRICE_MIN.ordinal()],
                "risk.price_max", defaults[RiskLimit.PRICE_MAX.ordinal()]);
            for (final Map.Entry<Integer, Map<RiskLimit, Long>> e : instrumentOverrides.entrySet())
            {
                final Map<RiskLimit, Long> o = e.getValue();
                final String prefix = "risk.instrument[" + e.getKey() + "].";
                final boolean ownMin = o.containsKey(RiskLimit.PRICE_MIN);
                final boolean ownMax = o.containsKey(RiskLimit.PRICE_MAX);
                checkPriceBounds(
                    (ownMin ? prefix : "risk.") + "price_min",
                    ownMin ? o.get(RiskLimit.PRICE_MIN) : defaults[RiskLimit.PRICE_MIN.ordinal()],
                    (ownMax ? prefix : "risk.") + "price_max",
                    ownMax ? o.get(RiskLimit.PRICE_MAX) : defaults[RiskLimit.PRICE_MAX.ordinal()]);
            }
            final RiskLimit[] conflict = feedThresholdConflict(
                defaults[RiskLimit.FEED_DEGRADED_SECONDS.ordinal()],
                defaults[RiskLimit.FEED_STALE_SECONDS.ordinal()],
                defaults[RiskLimit.FEED_DISCONNECTED_SECONDS.ordinal()]);
            if (conflict != null)
            {
                throw new IllegalArgumentException("risk." + conflict[0].key() + " = " + defaults[conflict[0].ordinal()] +
                    " is greater than risk." + conflict[1].key() + " = " + defaults[conflict[1].ordinal()] + "; " +
                    conflict[0].key() + " must not exceed " + conflict[1].key() + " (or set one of them to 0, off)");
            }
            return new RiskConfig(this);
        }

        private static void checkPriceBounds(final String minName, final long min, final String maxName, final long max)
        {
            if (!priceBoundsConsistent(min, max))
            {
                throw new IllegalArgumentException(minName + " = " + RiskLimit.PRICE_MIN.format(min) + " is greater than " +
                    maxName + " = " + RiskLimit.PRICE_MAX.format(max) + "; price_min must not exceed price_max");
            }
        }
    }
}
