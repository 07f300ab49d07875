package io.horizon.ops.preset;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.reference.Account;
import io.horizon.engine.reference.Instrument;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.ops.metrics.MetricsSettings;

/**
 * A checked preset ({@code *.hz.toml}): everything {@code horizon run} needs to know, read and
 * validated by {@link PresetReader}. Immutable; any thread.
 * <p>
 * Some keys decide what the engine does with its input (seed, order capacity, instruments,
 * accounts, strategies, risk): the journal can only be replayed, recovered and verified with the
 * same values, so {@link #decisionValues()} lists them for {@link PresetRecord} to compare. The
 * rest (threads, ring, journal sync, feed, venue, metrics, alerting) may change between restarts.
 */
public final class Preset
{
    private final String source;
    private final String fileName;
    private final String text;
    private final String description;
    private final TradingMode mode;
    private final EngineConfig engine;
    private final JournalSettings journal;
    private final ReferenceData referenceData;
    private final List<StrategySettings> strategies;
    private final RiskSettings risk;
    private final List<VenueSettings> venues;
    private final FeedSettings feed;
    private final MetricsSettings metrics;
    private final AlertingSettings alerting;
    private final AuditSettings audit;
    private final SnapshotSettings snapshots;

    Preset(
        final String source,
        final String fileName,
        final String text,
        final String description,
        final TradingMode mode,
        final EngineConfig engine,
        final JournalSettings journal,
        final ReferenceData referenceData,
        final List<StrategySettings> strategies,
        final RiskSettings risk,
        final List<VenueSettings> venues,
        final FeedSettings feed,
        final MetricsSettings metrics,
        final AlertingSettings alerting,
        final AuditSettings audit,
        final SnapshotSettings snapshots)
    {
        this.source = source;
        this.fileName = fileName;
        this.text = text;
        this.description = description;
        this.mode = mode;
        this.engine = engine;
        this.journal = journal;
        this.referenceData = referenceData;
        this.strategies = List.copyOf(strategies);
        this.risk = risk;
        this.venues = List.copyOf(venues);
        this.feed = feed;
        this.metrics = metrics;
        this.alerting = alerting;
        this.audit = audit;
        this.snapshots = snapshots;
    }

    /** @return where it was read from, for messages ({@code "paper.hz.toml (embedded)"} or a path). */
    public String source()
    {
        return source;
    }

    /** @return the file name it was read from ({@code "paper.hz.toml"}). */
    public String fileName()
    {
        return fileName;
    }

    /** @return the TOML text as read, before command-line overrides. */
    public String text()
    {
        return text;
    }

    /** @return the free-text description, or an empty string. */
    public String description()
    {
        return description;
    }

    /** @return paper or live. */
    public TradingMode mode()
    {
        return mode;
    }

    /** @return the {@code [engine]} table. */
    public EngineConfig engine()
    {
        return engine;
    }

    /** @return the {@code [snapshots]} table. */
    public SnapshotSettings snapshots()
    {
        return snapshots;
    }

    /** @return the {@code [journal]} table. */
    public JournalSettings journal()
    {
        return journal;
    }

    /** @return {@code [[instruments]]} and {@code [[accounts]]}, with ids in file order. */
    public ReferenceData referenceData()
    {
        return referenceData;
    }

    /** @return {@code [[strategies]]}, in file order. */
    public List<StrategySettings> strategies()
    {
        return strategies;
    }

    /** @return the {@code [risk]} table. */
    public RiskSettings risk()
    {
        return risk;
    }

    /** @return {@code [[venues]]}: one or more; the first is the default venue. */
    public List<VenueSettings> venues()
    {
        return venues;
    }

    /** @return the {@code [feed]} table. */
    public FeedSettings feed()
    {
        return feed;
    }

    /** @return the {@code [metrics]} table, for the metrics exporter. */
    public MetricsSettings metrics()
    {
        return metrics;
    }

    /** @return the {@code [alerting]} table, for the alerting bridge. */
    public AlertingSettings alerting()
    {
        return alerting;
    }

    /**
     * The keys the engine's decisions depend on, with their values as TOML would write them, in
     * a stable order. Two presets with equal maps make the BLP decide identically on the same input.
     *
     * @return key path to value.
     */
    public Map<String, String> decisionValues()
    {
        final Map<String, String> values = new LinkedHashMap<>();
        values.put("engine.seed", Long.toString(engine.seed()));
        values.put("engine.order_capacity", Integer.toString(engine.orderCapacity()));
        values.put("instruments", Integer.toString(referenceData.instrumentCount()) + " entries");
        for (final Instrument i : referenceData.instruments())
        {
            final String key = "instruments[" + i.id() + "].";
            values.put(key + "symbol", '"' + i.symbol() + '"');
            values.put(key + "tick_size", FixedPoint.format(i.tickSize()));
            values.put(key + "reference_price", FixedPoint.format(i.referencePrice()));
        }
        values.put("accounts", Integer.toString(referenceData.accountCount()) + " entries");
        for (final Account a : referenceData.accounts())
        {
            final String key = "accounts[" + a.id() + "].";
            values.put(key + "name", '"' + a.name() + '"');
            values.put(key + "starting_cash", FixedPoint.format(a.startingCash()));
        }
        values.put("strategies", Integer.toString(strategies.size()) + " entries");
        for (int s = 0; s < strategies.size(); s++)
        {
            final StrategySettings strategy = strategies.get(s);
            final String key = "strategies[" + s + "].";
            values.put(key + "kind", '"' + strategy.kind() + '"');
            for (final Map.Entry<String, String> e : strategy.keys().entrySet())
            {
                values.put(key + e.getKey(), e.getValue());
            }
        }
        values.put("risk.profile", '"' + risk.profile() + '"');
        for (final Map.Entry<String, Object> e : new java.util.TreeMap<>(risk.overrides()).entrySet())
        {
            values.put("risk.overrides." + e.getKey(), PresetToml.value(e.getValue()));
        }
        return values;
    }

    /**
     * Compares what the engine decides with.
     *
     * @param recorded the preset a journal was written with.
     * @return the first key whose value differs, described as {@code key: recorded -> this}, or
     *         {@code null} when the engine would decide identically.
     */
    public String decisionDifference(final Preset recorded)
    {
        final Map<String, String> mine = decisionValues();
        final Map<String, String> theirs = recorded.decisionValues();
        for (final Map.Entry<String, String> e : theirs.entrySet())
        {
            final String now = mine.get(e.getKey());
            if (!e.getValue().equals(now))
            {
                return e.getKey() + " = " + e.getValue() + " in the recorded preset, " +
                    (now == null ? "absent" : now) + " in this one";
            }
        }
        for (final Map.Entry<String, String> e : mine.entrySet())
        {
            if (!theirs.containsKey(e.getKey()))
            {
                return e.getKey() + " = " + e.getValue() + " in this preset, absent in the recorded one";
            }
        }
        return null;
    }

    /**
     * @return the {@code [audit]} table: anchors and the signing key's secret.
     */
    public AuditSettings audit()
    {
        return audit;
    }
}
