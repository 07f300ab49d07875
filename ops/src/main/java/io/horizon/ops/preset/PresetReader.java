package io.horizon.ops.preset;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.pipeline.ThreadingMode;
import io.horizon.engine.pipeline.WaitStrategyKind;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.journal.SyncPolicy;
import io.horizon.journal.lifecycle.LifecycleAction;
import io.horizon.journal.retention.RetentionPolicy;
import io.horizon.ops.feed.BadRowPolicy;
import io.horizon.ops.feed.FeedPace;
import io.horizon.journal.postgres.PostgresTarget;
import io.horizon.ops.metrics.MetricsSettings;

/**
 * Reads and checks a preset ({@code *.hz.toml}). Every problem is collected and reported at
 * once, each naming the key, the value and what is allowed; keys the preset does not know are
 * errors, never silently ignored; values that contradict each other (a live mode on a paper
 * venue, a sync interval without the periodic policy) are refused.
 * <p>
 * Stateless; any thread.
 */
public final class PresetReader
{
    private static final TomlMapper TOML = new TomlMapper();
    private static final List<String> WAIT_STRATEGIES = waitStrategies();
    private static final List<String> THREADING_MODES = List.of("auto", "shared", "dedicated");
    private static final List<String> STRATEGY_KINDS = List.of(MarketMakerSettings.KIND);
    private static final List<String> VENUE_KINDS = List.of(VenueSettings.PAPER, VenueSettings.FIX);
    private static final List<String> FIX_KEYS = List.of("host", "port", "sender_comp_id", "target_comp_id", "heartbeat_s",
        "reconnect_min_ms", "reconnect_max_ms", "reset_on_logon", "username_secret", "password_secret", "when_down",
        "wait_limit_ms", "wait_max_orders", "mass_status", "framer");
    private static final List<String> WHEN_DOWN = List.of(VenueSettings.Fix.DLQ, VenueSettings.Fix.WAIT);
    private static final List<String> MASS_STATUS = List.of(VenueSettings.Fix.AUTO, VenueSettings.Fix.OFF);
    private static final List<String> FRAMER = List.of(VenueSettings.Fix.POLLED, VenueSettings.Fix.THREAD);
    private static final List<String> FEED_KINDS = List.of(FeedSettings.SYNTHETIC, FeedSettings.CSV, FeedSettings.FIX);
    private static final double DEFAULT_FEED_RATE = 2000;

    private PresetReader()
    {
    }

    /**
     * Reads a preset file.
     *
     * @param file      the file; relative paths inside it are relative to its folder.
     * @param overrides command-line overrides.
     * @return the checked preset.
     * @throws PresetException naming every problem.
     */
    public static Preset read(final Path file, final PresetOverrides overrides)
    {
        final String text;
        try
        {
            if (Files.isDirectory(file))
            {
                throw new PresetException(List.of(file + ": is a directory; pass a preset file such as paper.hz.toml"));
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (final NoSuchFileException ex)
        {
            throw new PresetException(List.of(file + ": no such preset file; check the path, or see horizon preset show paper"));
        }
        catch (final CharacterCodingException ex)
        {
            throw new PresetException(List.of(file + ": is not UTF-8 text; a preset is a TOML file"));
        }
        catch (final IOException ex)
        {
            throw new PresetException(List.of(file + ": cannot be read (" + ex.getMessage() + ")"));
        }
        final Path absolute = file.toAbsolutePath().normalize();
        return parse(file.toString(), absolute.getFileName().toString(), text, absolute.getParent(), overrides);
    }

    /**
     * Reads a preset from text.
     *
     * @param source        where it came from, for messages.
     * @param fileName      its file name, kept with it.
     * @param text          TOML.
     * @param baseDirectory what relative paths in it are relative to.
     * @param overrides     command-line overrides.
     * @return the checked preset.
     * @throws PresetException naming every problem.
     */
    public static Preset parse(
        final String source,
        final String fileName,
        final String text,
        final Path baseDirectory,
        final PresetOverrides overrides)
    {
        final PresetErrors errors = new PresetErrors(source);
        final ObjectNode tree = parseToml(text, errors);
        errors.throwIfAny();
        overrides.applyTo(tree, errors);

        final PresetTable root = new PresetTable(tree, "", errors);
        final String description = root.string("description", "");
        final String mode = root.choice("mode", TradingMode.PAPER.configName(), List.of("paper", "live"));
        final EngineConfig engine = engine(root.table("engine"));
        final JournalSettings journal = journal(root.table("journal"), baseDirectory);
        final SnapshotSettings snapshots = snapshots(root.table("snapshots"));
        final ReferenceData referenceData = referenceData(root);
        final List<StrategySettings> strategies = strategies(root, referenceData);
        final RiskSettings risk = risk(root.table("risk"));
        final List<VenueSettings> venues = venues(root, mode, referenceData);
        final FeedSettings feed = feed(root.table("feed"), baseDirectory, venues);
        final MetricsSettings metrics = metrics(root.table("metrics"));
        final AlertingSettings alerting = alerting(root.table("alerting"));
        final String daemonId = daemonId(root.table("daemon"));
        final AuditSettings audit = audit(root.table("audit"), baseDirectory, daemonId);
        root.finish();
        errors.throwIfAny();
        return new Preset(source, fileName, text, description, TradingMode.valueOf(mode.toUpperCase(Locale.ROOT)),
            engine, journal, referenceData, strategies, risk, venues, feed, metrics, alerting, audit, snapshots);
    }

    private static ObjectNode parseToml(final String text, final PresetErrors errors)
    {
        try
        {
            final JsonNode tree = TOML.readTree(text);
            return tree == null || !tree.isObject() ? JsonNodeFactory.instance.objectNode() : (ObjectNode)tree;
        }
        catch (final JacksonException ex)
        {
            final JsonLocation at = ex.getLocation();
            final String where = at == null ? "" : at.getLineNr() + ":" + at.getColumnNr() + ":";
            errors.addRaw(where + " " + firstLine(ex.getOriginalMessage()) + "; this is not valid TOML (https://toml.io)");
            return JsonNodeFactory.instance.objectNode();
        }
    }

    private static EngineConfig engine(final PresetTable t)
    {
        final EngineConfig.Builder b = EngineConfig.builder();
        final EngineConfig defaults = EngineConfig.defaults();
        final long ringSize = t.integer("ring_size", defaults.ringSize(), 8, 1 << 24, "65536");
        if (Long.bitCount(ringSize) != 1)
        {
            t.errors().add(t.key("ring_size"), Long.toString(ringSize),
                "is not a power of two; use a power of two from 8 to 16777216, e.g. 65536");
        }
        else
        {
            b.ringSize((int)ringSize);
        }
        b.waitStrategy(WaitStrategyKind.parse(t.choice("wait_strategy", defaults.waitStrategy().configName(), WAIT_STRATEGIES)));
        final List<String> pin = t.strings("pin");
        final Set<String> roles = new TreeSet<>();
        for (final String role : pin)
        {
            if (!EngineConfig.ROLES.contains(role))
            {
                t.errors().add(t.key("pin"), '"' + role + '"', "is not a thread role; use any of: \"journal\", \"blp\", \"gateway\"");
            }
            else if (!roles.add(role))
            {
                t.errors().add(t.key("pin"), '"' + role + '"', "is listed twice; name each role once");
            }
        }
        b.pinnedRoles(roles);
        b.orderCapacity((int)t.integer("order_capacity", defaults.orderCapacity(), 1, 1 << 20, "16384"));
        b.seed(t.integer("seed", defaults.seed(), Long.MIN_VALUE, Long.MAX_VALUE, "42"));
        b.heartbeatIntervalMillis(t.integer("heartbeat_ms", defaults.heartbeatIntervalMillis(), 0, 60_000, "100"));
        b.drainTimeoutMillis(t.integer("drain_timeout_ms", defaults.drainTimeoutMillis(), 1, 600_000, "5000"));
        b.threading(ThreadingMode.parse(t.choice("threading", defaults.threading().configName(), THREADING_MODES)));
        t.finish();
        return b.build();
    }

    private static JournalSettings journal(final PresetTable t, final Path baseDirectory)
    {
        final SyncPolicy sync = SyncPolicy.parse(
            t.choice("sync", JournalSettings.DEFAULT.sync().configName(), List.of("batch", "periodic", "none")));
        final boolean hasInterval = t.has("sync_interval_ms");
        final long interval = t.integer("sync_interval_ms", JournalSettings.DEFAULT.syncIntervalMillis(), 1, 60_000, "100");
        if (hasInterval && sync != SyncPolicy.PERIODIC)
        {
            t.errors().add(t.key("sync_interval_ms"), t.raw("sync_interval_ms"),
                "contradicts sync = \"" + sync.configName() + "\": the interval is only used with sync = \"periodic\"; " +
                "remove it or set sync = \"periodic\"");
        }
        final JournalLifecycleSettings lifecycle = journalLifecycle(t, baseDirectory);
        t.finish();
        return new JournalSettings(sync, interval, lifecycle);
    }

    private static JournalLifecycleSettings journalLifecycle(final PresetTable t, final Path baseDirectory)
    {
        final String oldCycles = t.choice("old_cycles", "keep", List.of("keep", "archive", "delete"));
        final LifecycleAction action = "keep".equals(oldCycles) ? LifecycleAction.NONE :
            LifecycleAction.valueOf(oldCycles.toUpperCase(Locale.ROOT));
        final String archive = t.string("archive_dir", null);
        final String retention = t.string("retention", null);
        final long interval = t.integer("lifecycle_interval_s", JournalLifecycleSettings.DEFAULT_INTERVAL_S, 10, 86_400, "3600");
        final String holds = t.string("legal_holds_file", null);
        if (action == LifecycleAction.ARCHIVE && (archive == null || archive.isBlank()))
        {
            t.errors().add(t.key("old_cycles"), t.raw("old_cycles"), "needs archive_dir, a directory outside the state directory " +
                "for the archived cycles, e.g. archive_dir = \"/var/lib/horizon-journal-archive\"");
        }
        if (action != LifecycleAction.ARCHIVE && archive != null)
        {
            t.errors().add(t.key("archive_dir"), t.raw("archive_dir"), "is only used with old_cycles = \"archive\"; " +
                "remove it or set old_cycles = \"archive\"");
        }
        RetentionPolicy policy = null;
        if (action != LifecycleAction.NONE && retention == null)
        {
            t.errors().add(t.key("old_cycles"), t.raw("old_cycles"), "needs retention, how long a journal cycle is kept at " +
                "least, e.g. retention = \"30d\" (days) or \"7y\" (years)");
        }
        else if (retention != null)
        {
            try
            {
                policy = RetentionPolicy.parse(retention);
            }
            catch (final IllegalArgumentException ex)
            {
                t.errors().add(t.key("retention"), t.raw("retention"), "is not a retention period; write days or years, " +
                    "e.g. retention = \"30d\" or \"7y\"");
            }
        }
        if (action == LifecycleAction.NONE && (retention != null || holds != null || t.has("lifecycle_interval_s")))
        {
            final String key = retention != null ? "retention" : holds != null ? "legal_holds_file" : "lifecycle_interval_s";
            t.errors().add(t.key(key), t.raw(key), "has no effect while old_cycles = \"keep\" (the default); set old_cycles = " +
                "\"archive\" or \"delete\", or remove it");
        }
        if (holds != null && holds.isBlank())
        {
            t.errors().add(t.key("legal_holds_file"), t.raw("legal_holds_file"), "must not be empty; name a file of legal holds, " +
                "one KIND=VALUE a line, or remove the key");
        }
        return new JournalLifecycleSettings(action,
            archive == null || archive.isBlank() ? null : resolve(archive, baseDirectory),
            policy, interval, holds == null || holds.isBlank() ? null : resolve(holds, baseDirectory));
    }

    private static SnapshotSettings snapshots(final PresetTable t)
    {
        final SnapshotSettings d = SnapshotSettings.DEFAULT;
        final long events = t.integer("every_events", d.everyEvents(), 0, Long.MAX_VALUE, "1000000");
        final long seconds = t.integer("every_seconds", d.everySeconds(), 0, 31_536_000, "300");
        final long keep = t.integer("keep", d.keep(), 1, 1_000, "3");
        t.finish();
        return new SnapshotSettings(events, seconds, (int)keep);
    }

    private static ReferenceData referenceData(final PresetTable root)
    {
        final ReferenceData.Builder b = ReferenceData.builder();
        final List<PresetTable> instruments = root.tables("instruments");
        final List<PresetTable> accounts = root.tables("accounts");
        boolean complete = true;
        if (instruments.isEmpty())
        {
            root.errors().add("instruments", (String)null,
                "at least one instrument is required; add [[instruments]] with symbol, tick_size and reference_price");
            complete = false;
        }
        final Set<String> symbols = new HashSet<>();
        for (final PresetTable t : instruments)
        {
            final String symbol = t.requiredString("symbol", "\"AAPL\"");
            final long tick = requiredFixedPoint(t, "tick_size", "0.01");
            final long price = requiredFixedPoint(t, "reference_price", "190.0");
            if (symbol != null && !symbols.add(symbol))
            {
                t.errors().add(t.key("symbol"), '"' + symbol + '"', "is listed twice; each instrument once");
                complete = false;
            }
            else if (symbol == null || tick <= 0 || price <= 0)
            {
                complete = false;
            }
            else
            {
                b.instrument(symbol, tick, price);
            }
            t.finish();
        }
        if (accounts.isEmpty())
        {
            root.errors().add("accounts", (String)null, "at least one account is required; add [[accounts]] with name and starting_cash");
            complete = false;
        }
        final Set<String> names = new HashSet<>();
        for (final PresetTable t : accounts)
        {
            final String name = t.requiredString("name", "\"paper\"");
            final boolean hasCash = t.has("starting_cash");
            final long cash = t.fixedPoint("starting_cash", -1, false, "1000000");
            if (!hasCash)
            {
                t.errors().add(t.key("starting_cash"), (String)null, "is missing; add e.g. starting_cash = 1000000");
            }
            if (name != null && !names.add(name))
            {
                t.errors().add(t.key("name"), '"' + name + '"', "is listed twice; each account once");
                complete = false;
            }
            else if (name == null || cash < 0)
            {
                complete = false;
            }
            else
            {
                b.account(name, cash);
            }
            t.finish();
        }
        return complete ? b.build() : null;
    }

    private static long requiredFixedPoint(final PresetTable t, final String name, final String example)
    {
        if (!t.has(name))
        {
            t.errors().add(t.key(name), (String)null, "is missing; add e.g. " + name + " = " + example);
            return -1;
        }
        return t.fixedPoint(name, -1, true, example);
    }

    private static List<StrategySettings> strategies(final PresetTable root, final ReferenceData referenceData)
    {
        final List<StrategySettings> result = new ArrayList<>();
        for (final PresetTable t : root.tables("strategies"))
        {
            final String kind = t.choice("kind", null, STRATEGY_KINDS);
            if (!t.has("kind"))
            {
                t.errors().add(t.key("kind"), (String)null, "is missing; add kind = \"market-maker\"");
            }
            if (MarketMakerSettings.KIND.equals(kind))
            {
                final String account = t.requiredString("account", "\"paper\"");
                if (account != null && referenceData != null && referenceData.accountByName(account) == null)
                {
                    t.errors().add(t.key("account"), '"' + account + '"', "is not an account of this preset; accounts: " +
                        String.join(", ", referenceData.accounts().stream().map(a -> '"' + a.name() + '"').toList()));
                }
                result.add(new MarketMakerSettings(
                    account,
                    t.integer("half_spread_ticks", 2, 1, 1_000_000, "2"),
                    t.fixedPoint("quote_quantity", io.horizon.engine.event.FixedPoint.ofUnits(10), true, "10"),
                    t.fixedPoint("max_inventory", io.horizon.engine.event.FixedPoint.ofUnits(100), true, "100"),
                    t.integer("requote_ticks", 2, 1, 1_000_000, "2"),
                    t.bool("pace_orders", false)));
            }
            t.finish();
        }
        return result;
    }

    private static RiskSettings risk(final PresetTable t)
    {
        final String profile = t.choice("profile", RiskSettings.DEFAULT_PROFILE, RiskSettings.PROFILES);
        final RiskSettings risk = new RiskSettings(profile, t.scalars("overrides"));
        t.finish();
        return risk;
    }

    private static List<VenueSettings> venues(final PresetTable root, final String mode, final ReferenceData referenceData)
    {
        final List<VenueSettings> result = new ArrayList<>();
        final boolean listed = root.has("venues");
        final Set<String> names = new HashSet<>();
        for (final PresetTable t : root.tables("venues"))
        {
            final String name = t.requiredString("name", "\"paper\"");
            final String kind = t.choice("kind", null, VENUE_KINDS);
            if (!t.has("kind"))
            {
                t.errors().add(t.key("kind"), (String)null, "is missing; add kind = \"paper\" or kind = \"fix\"");
            }
            if (name != null && !names.add(name))
            {
                t.errors().add(t.key("name"), "\"" + name + "\"", "is used by two venues; give each venue its own name");
            }
            if (name != null && !name.matches("[A-Za-z][A-Za-z0-9_-]{0,31}"))
            {
                t.errors().add(t.key("name"), "\"" + name + "\"",
                    "must be a letter then up to 31 letters, digits, '_' or '-' (it names a folder under the state directory)");
            }
            final List<String> instruments = t.strings("instruments");
            for (final String symbol : instruments)
            {
                if (referenceData != null && referenceData.instrumentBySymbol(symbol) == null)
                {
                    t.errors().add(t.key("instruments"), "\"" + symbol + "\"", "is not an instrument of this preset; " +
                        "list symbols from [[instruments]]");
                }
            }
            final List<String> accounts = t.strings("accounts");
            for (final String account : accounts)
            {
                if (referenceData != null && referenceData.accountByName(account) == null)
                {
                    t.errors().add(t.key("accounts"), "\"" + account + "\"", "is not an account of this preset; " +
                        "list names from [[accounts]]");
                }
            }
            VenueSettings.Fix fix = null;
            if (VenueSettings.FIX.equals(kind))
            {
                fix = fixSession(t);
            }
            else
            {
                for (final String key : FIX_KEYS)
                {
                    if (t.has(key))
                    {
                        t.errors().add(t.key(key), t.raw(key), "only a kind = \"fix\" venue has it; remove it");
                        t.raw(key);
                    }
                }
            }
            t.finish();
            result.add(new VenueSettings(name, kind, instruments, accounts, fix));
        }
        if (!listed)
        {
            result.add(new VenueSettings(VenueSettings.PAPER, VenueSettings.PAPER));
        }
        if (listed && result.isEmpty())
        {
            root.errors().add("venues", "[]", "needs one venue, e.g. [[venues]] name = \"paper\" kind = \"paper\"");
        }
        if ("live".equals(mode))
        {
            for (final VenueSettings v : result)
            {
                if (VenueSettings.PAPER.equals(v.kind()))
                {
                    root.errors().add("mode", "\"live\"", "contradicts venue \"" + v.name() +
                        "\" of kind \"paper\": a paper venue fills against a simulated book, not a market. " +
                        "Use mode = \"paper\", or only venues of kind = \"fix\"");
                }
            }
        }
        return result;
    }

    private static VenueSettings.Fix fixSession(final PresetTable t)
    {
        final String host = t.requiredString("host", "\"127.0.0.1\"");
        final long port = t.integer("port", -1, 1, 65535, "9878");
        if (!t.has("port"))
        {
            t.errors().add(t.key("port"), (String)null, "is missing; the acceptor's port, e.g. port = 9878");
        }
        final String sender = t.requiredString("sender_comp_id", "\"HORIZON\"");
        final String target = t.requiredString("target_comp_id", "\"HZSIM\"");
        final long heartbeat = t.integer("heartbeat_s", 30, 1, 3600, "30");
        final long reconnectMin = t.integer("reconnect_min_ms", 500, 1, 3_600_000, "500");
        final long reconnectMax = t.integer("reconnect_max_ms", 30_000, 1, 3_600_000, "30000");
        if (reconnectMax < reconnectMin)
        {
            t.errors().add(t.key("reconnect_max_ms"), String.valueOf(reconnectMax),
                "is below reconnect_min_ms (" + reconnectMin + "); the back-off doubles from the minimum up to the maximum");
        }
        final boolean reset = t.bool("reset_on_logon", false);
        final String username = secretName(t, "username_secret");
        final String password = secretName(t, "password_secret");
        final String whenDown = t.choice("when_down", VenueSettings.Fix.DLQ, WHEN_DOWN);
        final long waitLimit = t.integer("wait_limit_ms", VenueSettings.Fix.DEFAULT_WAIT_LIMIT_MS, 1, 3_600_000, "30000");
        final long waitMax = t.integer("wait_max_orders", VenueSettings.Fix.DEFAULT_WAIT_MAX_ORDERS, 1, 1_048_576, "1024");
        final String massStatus = t.choice("mass_status", VenueSettings.Fix.AUTO, MASS_STATUS);
        final String framer = t.choice("framer", VenueSettings.Fix.THREAD, FRAMER);
        return new VenueSettings.Fix(host, (int)port, sender, target, (int)heartbeat, reconnectMin, reconnectMax, reset,
            username, password, whenDown, waitLimit, (int)waitMax, massStatus, framer);
    }

    private static String secretName(final PresetTable t, final String key)
    {
        final String name = t.string(key, null);
        if (name != null && !name.matches("[A-Za-z][A-Za-z0-9._-]*"))
        {
            t.errors().add(t.key(key), t.raw(key), "must be the name of a secret, not its value: letters, digits, " +
                "'.', '_' and '-', e.g. \"fix.sim.password\" (see `horizon secrets check`)");
        }
        return name;
    }

    private static String daemonId(final PresetTable t)
    {
        final String id = t.string("id", null);
        if (id != null)
        {
            try
            {
                PostgresTarget.requireWriterId(id);
            }
            catch (final IllegalArgumentException ex)
            {
                t.errors().add(t.key("id"), t.raw("id"), "is not a writer id; use 1 to 63 characters of a-z, 0-9, '.', '_' " +
                    "and '-', starting with a letter or digit, unique among the daemons sharing a database, e.g. \"desk-a\"");
            }
        }
        t.finish();
        return id;
    }

    private static AuditSettings audit(final PresetTable t, final Path baseDirectory, final String daemonId)
    {
        final String backend = t.choice("backend", AuditSettings.SQLITE, List.of(AuditSettings.SQLITE, AuditSettings.POSTGRES));
        if (AuditSettings.POSTGRES.equals(backend) && daemonId == null)
        {
            t.errors().add(t.key("backend"), t.raw("backend"), "needs a writer id for this daemon: add [daemon] id = \"NAME\" " +
                "(unique among the daemons that share the database)");
        }
        final String anchors = t.string("anchors", null);
        final long interval = t.integer("anchor_interval_s", AuditSettings.NONE.anchorIntervalMs() / 1000, 1, 86_400, "60");
        final String secret = t.string("signing_key_secret", AuditSettings.DEFAULT_SECRET);
        if (secret != null && !secret.matches("[A-Za-z][A-Za-z0-9._-]*"))
        {
            t.errors().add(t.key("signing_key_secret"), t.raw("signing_key_secret"),
                "is not a secret name; use letters, digits, '.', '_' and '-', e.g. \"" + AuditSettings.DEFAULT_SECRET + "\"");
        }
        final boolean toLog = t.bool("anchor_to_log", false);
        final String publicKey = t.string("public_key", null);
        if (anchors != null && anchors.isBlank())
        {
            t.errors().add(t.key("anchors"), t.raw("anchors"), "must not be empty; name a directory outside the state directory, " +
                "e.g. anchors = \"/var/lib/horizon-anchors\", or remove the key");
        }
        t.finish();
        return new AuditSettings(anchors == null || anchors.isBlank() ? null : resolve(anchors, baseDirectory),
            interval * 1000, secret, toLog, publicKey == null || publicKey.isBlank() ? null : resolve(publicKey, baseDirectory),
            backend, daemonId);
    }

    private static Path resolve(final String path, final Path baseDirectory)
    {
        final Path p = Path.of(path);
        return (p.isAbsolute() || baseDirectory == null ? p : baseDirectory.resolve(p)).toAbsolutePath().normalize();
    }

    private static FeedSettings feed(final PresetTable t, final Path baseDirectory, final List<VenueSettings> venues)
    {
        final String kind = t.choice("kind", FeedSettings.SYNTHETIC, FEED_KINDS);
        final boolean hasRate = t.has("rate");
        final double rate = t.positiveNumber("rate", DEFAULT_FEED_RATE, "2000");
        final boolean hasPath = t.has("path");
        final String path = t.string("path", null);
        final String venue = fixFeedVenue(t, kind, venues);
        Path resolved = null;
        if (FeedSettings.FIX.equals(kind) && hasRate)
        {
            t.errors().add(t.key("rate"), t.raw("rate"), "contradicts kind = \"fix\": FIX market data comes as the venue " +
                "sends it; remove the rate, or use kind = \"synthetic\"");
        }
        if (FeedSettings.CSV.equals(kind))
        {
            if (hasRate)
            {
                t.errors().add(t.key("rate"), t.raw("rate"), "contradicts kind = \"csv\": a CSV file is replayed at its own pace; " +
                    "remove the rate, or use kind = \"synthetic\"");
            }
            if (path == null || path.isBlank())
            {
                t.errors().add(t.key("path"), hasPath ? t.raw("path") : null, "kind = \"csv\" needs the file, e.g. path = \"ticks.csv\"");
            }
            else
            {
                final Path p = Path.of(path);
                resolved = (p.isAbsolute() || baseDirectory == null ? p : baseDirectory.resolve(p)).toAbsolutePath().normalize();
            }
        }
        else if (hasPath)
        {
            t.errors().add(t.key("path"), t.raw("path"), "contradicts kind = \"" + kind + "\": only a CSV feed reads a file; " +
                "remove the path, or use kind = \"csv\"");
        }
        final String pace = fileOnly(t, kind, "pace", FeedPace.MAX, text -> FeedPace.parse(text).configName(), FeedPace.ALLOWED);
        final String badRows = fileOnly(t, kind, "bad_rows", "stop", text -> BadRowPolicy.parse(text).configName(), BadRowPolicy.ALLOWED);
        t.finish();
        return new FeedSettings(kind, FeedSettings.SYNTHETIC.equals(kind) ? rate : 0, resolved, pace, badRows, venue);
    }

    /**
     * The {@code venue} of a FIX feed: a {@code [[venues]]} entry of kind "fix", by default the only one.
     */
    private static String fixFeedVenue(final PresetTable t, final String kind, final List<VenueSettings> venues)
    {
        final boolean has = t.has("venue");
        final String named = t.string("venue", null);
        if (!FeedSettings.FIX.equals(kind))
        {
            if (has)
            {
                t.errors().add(t.key("venue"), t.raw("venue"), "contradicts kind = \"" + kind + "\": only a FIX feed " +
                    "names a venue; remove it, or use kind = \"fix\"");
            }
            return null;
        }
        final List<String> fixVenues = new ArrayList<>();
        for (final VenueSettings v : venues)
        {
            if (VenueSettings.FIX.equals(v.kind()))
            {
                fixVenues.add(v.name());
            }
        }
        if (named != null)
        {
            if (!fixVenues.contains(named))
            {
                t.errors().add(t.key("venue"), t.raw("venue"), "names no [[venues]] entry of kind = \"fix\"; FIX venues: " +
                    (fixVenues.isEmpty() ? "none" : fixVenues) + " (market data comes over that venue's session)");
            }
            return named;
        }
        if (fixVenues.size() != 1)
        {
            t.errors().add(t.key("venue"), (JsonNode)null, fixVenues.isEmpty() ?
                "kind = \"fix\" needs a [[venues]] entry of kind = \"fix\": market data comes over that venue's session" :
                "kind = \"fix\" with several FIX venues needs venue = one of " + fixVenues);
            return null;
        }
        return fixVenues.get(0);
    }

    /**
     * A [feed] key that only a recorded file has (pace, bad_rows): checked by {@code check}, which
     * returns the value's canonical form or throws naming what is allowed.
     */
    private static String fileOnly(
        final PresetTable t, final String kind, final String key, final String defaultValue,
        final java.util.function.UnaryOperator<String> check, final String allowed)
    {
        final boolean has = t.has(key);
        final String value = t.string(key, defaultValue);
        if (!FeedSettings.CSV.equals(kind))
        {
            if (has)
            {
                t.errors().add(t.key(key), t.raw(key), "contradicts kind = \"" + kind + "\": only a file feed has a " + key +
                    "; remove it, or use kind = \"csv\"");
            }
            return null;
        }
        try
        {
            return check.apply(value);
        }
        catch (final IllegalArgumentException ex)
        {
            t.errors().add(t.key(key), t.raw(key), "is not allowed; use " + allowed);
            return defaultValue;
        }
    }

    private static MetricsSettings metrics(final PresetTable t)
    {
        final boolean enabled = t.bool("enabled", true);
        final String bind = t.string("bind", MetricsSettings.DEFAULT_BIND);
        if (bind.isBlank() || bind.chars().anyMatch(Character::isWhitespace))
        {
            t.errors().add(t.key("bind"), t.raw("bind"), "must be an address or host name, e.g. \"0.0.0.0\" or \"127.0.0.1\"");
        }
        final int port = (int)t.integer("port", MetricsSettings.DEFAULT_PORT, 1, 65_535, "9100");
        t.finish();
        // One record for "where metrics are served": enabled = false is port 0, as --metrics-port 0.
        return MetricsSettings.of(bind.isBlank() ? MetricsSettings.DEFAULT_BIND : bind, enabled ? port : 0);
    }

    private static AlertingSettings alerting(final PresetTable t)
    {
        final List<AlertSinkSettings> sinks = new ArrayList<>();
        int logSinks = 0;
        for (final PresetTable s : t.tables("sinks"))
        {
            final String kind = s.choice("kind", null, AlertSinkSettings.KINDS);
            if (!s.has("kind"))
            {
                s.errors().add(s.key("kind"), (String)null, "is missing; use one of: \"log\", \"webhook\", \"pagerduty\"");
            }
            final String severity = s.choice("min_severity", "warning", AlertSinkSettings.SEVERITIES);
            final String url = s.string("url", null);
            final String secret = s.string("secret", null);
            if (url != null && !isHttpUrl(url))
            {
                s.errors().add(s.key("url"), s.raw("url"), "must be an http:// or https:// URL with a host, e.g. " +
                    "\"https://hooks.example.com/alerts\" (a URL that holds a token belongs in a secret: secret = \"NAME\")");
            }
            if (secret != null && !secret.matches("[A-Za-z][A-Za-z0-9._-]*"))
            {
                s.errors().add(s.key("secret"), s.raw("secret"), "must be the name of a secret, not its value: letters, " +
                    "digits, '.', '_' and '-', e.g. \"pagerduty.routing_key\" (see `horizon secrets check`)");
            }
            if ("log".equals(kind) && logSinks++ > 0)
            {
                s.errors().add(s.key("kind"), s.raw("kind"), "a second log sink; list kind = \"log\" once, with the " +
                    "least severity to log");
            }
            if ("log".equals(kind) && (url != null || secret != null))
            {
                s.errors().add(s.key(url != null ? "url" : "secret"), s.raw(url != null ? "url" : "secret"),
                    "contradicts kind = \"log\": a log sink sends nothing anywhere; remove it or use kind = \"webhook\"");
            }
            if ("webhook".equals(kind) && (url == null) == (secret == null))
            {
                s.errors().add(s.key("url"), url == null ? null : s.raw("url"),
                    "a webhook needs exactly one of url = \"https://...\" or secret = \"NAME\" (a secret holding the URL)");
            }
            if ("pagerduty".equals(kind) && secret == null)
            {
                s.errors().add(s.key("secret"), (String)null,
                    "PagerDuty needs the name of the secret holding its routing key, e.g. secret = \"pagerduty.routing_key\"");
            }
            s.finish();
            sinks.add(new AlertSinkSettings(kind, severity, url, secret));
        }
        t.finish();
        return new AlertingSettings(sinks);
    }

    private static boolean isHttpUrl(final String url)
    {
        try
        {
            final URI uri = new URI(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        }
        catch (final URISyntaxException ex)
        {
            return false;
        }
    }

    private static List<String> waitStrategies()
    {
        final List<String> names = new ArrayList<>();
        for (final WaitStrategyKind kind : WaitStrategyKind.values())
        {
            names.add(kind.configName());
        }
        return List.copyOf(names);
    }

    private static String firstLine(final String message)
    {
        if (message == null)
        {
            return "syntax error";
        }
        final int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
