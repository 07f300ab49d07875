package io.horizon.engine.reference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The instruments and accounts of a run, with dense int ids built from configuration.
 * <p>
 * Immutable once built, so any thread may read it. Id lookups are array reads (hot path);
 * name lookups use a map (edges only).
 */
public final class ReferenceData
{
    private final Instrument[] instruments;
    private final Account[] accounts;
    private final Map<String, Instrument> instrumentsBySymbol;
    private final Map<String, Account> accountsByName;

    private ReferenceData(final List<Instrument> instruments, final List<Account> accounts)
    {
        this.instruments = instruments.toArray(new Instrument[0]);
        this.accounts = accounts.toArray(new Account[0]);
        final Map<String, Instrument> bySymbol = new HashMap<>();
        for (final Instrument i : instruments)
        {
            bySymbol.put(i.symbol(), i);
        }
        final Map<String, Account> byName = new HashMap<>();
        for (final Account a : accounts)
        {
            byName.put(a.name(), a);
        }
        this.instrumentsBySymbol = Collections.unmodifiableMap(bySymbol);
        this.accountsByName = Collections.unmodifiableMap(byName);
    }

    /**
     * @return a builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * @return number of instruments; ids run from 0 to this minus one.
     */
    public int instrumentCount()
    {
        return instruments.length;
    }

    /**
     * @return number of accounts; ids run from 0 to this minus one.
     */
    public int accountCount()
    {
        return accounts.length;
    }

    /**
     * @param id an instrument id.
     * @return true when the id names an instrument.
     */
    public boolean isInstrument(final int id)
    {
        return id >= 0 && id < instruments.length;
    }

    /**
     * @param id an account id.
     * @return true when the id names an account.
     */
    public boolean isAccount(final int id)
    {
        return id >= 0 && id < accounts.length;
    }

    /**
     * @param id a valid instrument id.
     * @return the instrument.
     */
    public Instrument instrument(final int id)
    {
        return instruments[id];
    }

    /**
     * @param id a valid account id.
     * @return the account.
     */
    public Account account(final int id)
    {
        return accounts[id];
    }

    /**
     * @param symbol a symbol.
     * @return the instrument, or {@code null}.
     */
    public Instrument instrumentBySymbol(final String symbol)
    {
        return instrumentsBySymbol.get(symbol);
    }

    /**
     * @param name an account name.
     * @return the account, or {@code null}.
     */
    public Account accountByName(final String name)
    {
        return accountsByName.get(name);
    }

    /**
     * @return every instrument in id order.
     */
    public List<Instrument> instruments()
    {
        return List.of(instruments);
    }

    /**
     * @return every account in id order.
     */
    public List<Account> accounts()
    {
        return List.of(accounts);
    }

    /**
     * Collects instruments and accounts, assigning ids in the order they are added.
     * Refuses duplicates and nonsensical values with a message naming them.
     */
    public static final class Builder
    {
        private final List<Instrument> instruments = new ArrayList<>();
        private final List<Account> accounts = new ArrayList<>();

        /**
         * @param symbol         unique symbol.
         * @param tickSize       fixed point, > 0.
         * @param referencePrice fixed point, > 0.
         * @return this.
         */
        public Builder instrument(final String symbol, final long tickSize, final long referencePrice)
        {
            if (symbol == null || symbol.isBlank())
            {
                throw new IllegalArgumentException("instrument symbol must not be empty");
            }
            for (final Instrument i : instruments)
            {
                if (i.symbol().equals(symbol))
                {
                    throw new IllegalArgumentException("instrument '" + symbol + "' is listed twice; symbols must be unique");
                }
            }
            if (tickSize <= 0)
            {
                throw new IllegalArgumentException("instrument '" + symbol + "': tick size must be > 0, got " + tickSize);
            }
            if (referencePrice <= 0)
            {
                throw new IllegalArgumentException(
                    "instrument '" + symbol + "': reference price must be > 0, got " + referencePrice);
            }
            instruments.add(new Instrument(instruments.size(), symbol, tickSize, referencePrice));
            return this;
        }

        /**
         * @param name         unique name.
         * @param startingCash fixed point, >= 0.
         * @return this.
         */
        public Builder account(final String name, final long startingCash)
        {
            if (name == null || name.isBlank())
            {
                throw new IllegalArgumentException("account name must not be empty");
            }
            for (final Account a : accounts)
            {
                if (a.name().equals(name))
                {
                    throw new IllegalArgumentException("account '" + name + "' is listed twice; names must be unique");
                }
            }
            if (startingCash < 0)
            {
                throw new IllegalArgumentException("account '" + name + "': starting cash must be >= 0, got " + startingCash);
            }
            accounts.add(new Account(accounts.size(), name, startingCash));
            return this;
        }

        /**
         * @return the reference data.
         * @throws IllegalArgumentException when there is no instrument or no account.
         */
        public ReferenceData build()
        {
            if (instruments.isEmpty())
            {
                throw new IllegalArgumentException("at least one instrument is required");
            }
            if (accounts.isEmpty())
            {
                throw new IllegalArgumentException("at least one account is required");
            }
            return new ReferenceData(instruments, accounts);
        }
    }
}
