package io.horizon.ops.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.pipeline.ThreadingMode;
import io.horizon.engine.order.ClientOrderId;
import io.horizon.engine.reference.Account;
import io.horizon.engine.reference.Instrument;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.engine.snapshot.SnapshotFacts;
import io.horizon.engine.snapshot.SnapshotFormatException;
import io.horizon.journal.JournalManifest;
import io.horizon.journal.JournalReader;
import io.horizon.journal.snapshot.SnapshotRecovery;
import io.horizon.journal.snapshot.SnapshotStore;
import io.horizon.ops.daemon.SnapshotFingerprint;
import io.horizon.ops.daemon.SnapshotTrial;
import io.horizon.journal.JournalVerifier;
import io.horizon.journal.lifecycle.ArchivedJournal;
import io.horizon.ops.daemon.EngineAssembly;
import io.horizon.ops.preset.Preset;
import io.horizon.ops.preset.PresetOverrides;
import io.horizon.ops.preset.PresetReader;
import io.horizon.ops.preset.PresetRecord;
import io.horizon.ops.replay.Timeline;
import io.horizon.ops.replay.WhatIfReport;
import io.horizon.ops.replay.WhatIfRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code horizon replay}: the journal as a timeline for incident review, or a deterministic
 * re-run that proves the engine does the same thing again.
 */
@Command(
    name = "replay",
    header = "Print the journal as a timeline, or --verify that the engine does the same again.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Print the journal as a timeline: every inbound event (market data, orders, venue",
        "responses, heartbeats, controls) with the outputs it caused indented below it.",
        "Or, with --verify, re-run every input through a fresh engine and check that every",
        "output comes out exactly as journaled. The engine is rebuilt from the preset the",
        "journal was written with (state/presets/active.hz.toml).",
        "",
        "Examples:",
        "  horizon replay --state ./state --limit 50",
        "  horizon replay --market AAPL --type fill,rejected --since 2026-11-29T14:30:00Z",
        "  horizon replay --order hzn_01JDQ3B7Y6M3T8R2K5W9XZ4C1N        # one order's life",
        "  horizon replay --json --until 15m | jq .                     # JSON lines",
        "  horizon replay --follow                                      # tail a live journal",
        "  horizon replay --verify                                      # exit 0 when identical",
        "  horizon replay --verify --threading dedicated                # re-run in the other threading mode",
        "  horizon replay --verify --from-snapshot                      # from the newest snapshot, the tail only",
        "  horizon replay --what-if tighter.hz.toml                     # what other limits would have done",
        "  horizon replay --archive /var/lib/horizon-journal-archive    # include cycles the lifecycle archived",
        "",
        "Once the journal lifecycle ([journal] old_cycles = \"archive\") has moved old cycles to",
        "the archive, the state's journal starts after them; --archive DIR puts them back (each",
        "checked against the SHA-256 in STATE/journal/lifecycle.jsonl, each ledger line against",
        "its audit event in the daemon's audit log, SQLite or PostgreSQL) in a temporary copy, so",
        "every form above reads the whole journal again. The state is only read.",
        "",
        "Options:"
    })
public final class ReplayCommand implements Callable<Integer>
{
    private static final long PROGRESS_EVERY = 1_000_000;

    @Option(names = "--state", paramLabel = "DIR", defaultValue = "./state",
        description = "State directory whose journal to read. Default: ${DEFAULT-VALUE}")
    Path state;

    @Option(names = "--since", paramLabel = "TIME", converter = TimeConverter.class,
        description = "Only entries at or after this event time: ISO with a zone (2026-11-29T14:30:00Z) or how long ago (15m).")
    Instant since;

    @Option(names = "--until", paramLabel = "TIME", converter = TimeConverter.class,
        description = "Only entries at or before this event time; same forms as --since.")
    Instant until;

    @Option(names = "--account", paramLabel = "NAME", description = "Only this account, by name.")
    String account;

    @Option(names = "--market", paramLabel = "SYMBOL", description = "Only this instrument, by symbol.")
    String market;

    @Option(names = "--order", paramLabel = "ID",
        description = "Only this order, by any client order id it carried (hzn_...): its whole life from the original request through every replacement and venue response.")
    String order;

    @Option(names = "--type", paramLabel = "TYPE", split = ",",
        description = "Only these entry types: event types (quote, new_order, venue_fill, control, ...), output kinds (venue_new, execution_report, engine_error) or report types (fill, rejected, canceled, ...).")
    List<String> types;

    @Option(names = "--limit", paramLabel = "N", description = "Print at most N entries.")
    Long limit;

    @Option(names = "--json", description = "One JSON object per line instead of aligned text.")
    boolean json;

    @Option(names = "--follow", description = "At the end of the journal, wait for more (Ctrl-C to stop). Live outputs print as soon as they are journaled, which can be a few lines after their event: the -> column names the event.")
    boolean follow;

    @Option(names = "--inputs-only", description = "Leave out the outputs under each event.")
    boolean inputsOnly;

    @Option(names = "--verify", description = "Re-run the inputs through a fresh engine and compare every output; exit 1 at the first difference.")
    boolean verify;

    @Option(names = "--from-snapshot", paramLabel = "FILE", arity = "0..1", fallbackValue = "",
        description = "With --verify: restore the re-run engine from a snapshot and re-run only the journal after it. " +
            "Without FILE, the newest sound snapshot in STATE/snapshots (the one recovery would use).")
    String fromSnapshot;

    @Option(names = "--what-if", paramLabel = "PRESET",
        description = "Re-run the journal's inputs (market data, client orders, controls, heartbeats) through an engine built from this preset and through one built from the state's own, the paper venue answering both, and print what would have differed: orders, amends and cancels refused or accepted and by which layer (an amend or cancel matched by the journaled input that caused it), fills, PnL and positions at the end, kill switch and watchdog alerts. Reads the state, writes nothing. Exit 0 when nothing differs, 1 when something does. With --json, one JSON object.")
    Path whatIf;

    @Option(names = "--archive", paramLabel = "DIR",
        description = "The journal archive directory ([journal] archive_dir): read the cycles the journal lifecycle archived there, before the state's own, from a temporary unpacked copy (deleted at exit; --unpack-to keeps it elsewhere).")
    Path archive;

    @Option(names = "--unpack-to", paramLabel = "DIR",
        description = "With --archive: an empty directory to unpack the whole journal into, kept afterwards (default: a temporary directory, deleted at exit). Needs room for the archived cycles uncompressed.")
    Path unpackTo;

    @Option(names = "--credentials", paramLabel = "FILE",
        description = "With --archive, when the state's daemon keeps its audit log in PostgreSQL: the credentials file holding the audit.postgres_* secrets (the audit events there vouch for the lifecycle ledger); it must exist, be yours and be chmod 600. Default: STATE/credentials.env when present, and the environment.")
    Path credentials;

    @Option(names = "--threading", paramLabel = "MODE",
        description = "With --verify: the threading mode of the re-run engine, auto (default), shared or dedicated. A journal written in either mode verifies in both.")
    String threading;

    @Override
    public Integer call() throws Exception
    {
        // The engine that wrote the journal was built from the state's recorded preset.
        final Preset preset = PresetRecord.forState(state);
        if (credentials != null && archive == null)
        {
            throw new IllegalArgumentException("--credentials only applies to --archive; add --archive DIR or drop it");
        }
        if (unpackTo != null && archive == null)
        {
            throw new IllegalArgumentException("--unpack-to only applies to --archive; add --archive DIR or drop it");
        }
        if (archive == null)
        {
            return replay(preset);
        }
        if (follow)
        {
            throw new IllegalArgumentException("--follow tails the live journal and --archive reads a copy of it; drop one of them");
        }
        final Path into = unpackTo != null ? emptyDirectory(unpackTo) : Files.createTempDirectory("horizon-replay-");
        try
        {
            final Path live = state;
            state = ArchivedJournal.unpack(state, archive, into, () -> ReplayLedgerWitnesses.of(live, preset, credentials));
            System.err.println("replay: the journal with its archived cycles is unpacked in " + into);
            return replay(preset);
        }
        finally
        {
            if (unpackTo == null)
            {
                deleteTree(into);
            }
        }
    }

    private static Path emptyDirectory(final Path directory) throws IOException
    {
        Files.createDirectories(directory);
        try (Stream<Path> entries = Files.list(directory))
        {
            if (entries.findAny().isPresent())
            {
                throw new IllegalArgumentException("--unpack-to " + directory + " is not empty; name an empty or new directory");
            }
        }
        return directory;
    }

    private static void deleteTree(final Path root) throws IOException
    {
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path p : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(p);
            }
        }
    }

    private int replay(final Preset preset) throws IOException
    {
        if (threading != null && !verify)
        {
            threadingMode();
        }
        if (fromSnapshot != null && !verify)
        {
            throw new IllegalArgumentException("--from-snapshot only applies to --verify; add --verify or drop it");
        }
        if (verify)
        {
            return verify(preset);
        }
        if (whatIf != null)
        {
            return whatIf(preset);
        }
        final ReferenceData referenceData = preset.referenceData();
        final Timeline.Settings settings = new Timeline.Settings(
            since == null ? Long.MIN_VALUE : toNanos(since),
            until == null ? Long.MAX_VALUE : toNanos(until),
            accountId(referenceData),
            instrumentId(referenceData),
            order == null ? null : ClientOrderId.parse(order),
            typeNames(),
            limit == null ? Long.MAX_VALUE : requirePositive(limit),
            json,
            follow,
            !inputsOnly);
        final PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false, StandardCharsets.UTF_8);
        final long printed = Timeline.print(state, referenceData, settings, out,
            n -> System.err.printf(Locale.ROOT, "replay: %,d records read%n", n), PROGRESS_EVERY);
        out.flush();
        if (!json)
        {
            System.err.printf(Locale.ROOT, "replay: %,d entries printed%n", printed);
        }
        return 0;
    }

    private int verify(final Preset preset)
    {
        final JournalManifest manifest = JournalManifest.read(state);
        final EngineConfig config = EngineConfig.builder()
            .threading(threadingMode())
            .seed(manifest.seed())
            .orderCapacity(manifest.orderCapacity())
            .heartbeatIntervalMillis(0)
            .build();
        final long begin = System.nanoTime();
        final long[] from = {0};
        final JournalVerifier.Result result = JournalVerifier.verify(state, EngineAssembly.blp(preset, config),
            pipeline -> from[0] = restoreSnapshot(preset, config, pipeline),
            n -> System.err.printf(Locale.ROOT, "verify: %,d events re-run%n", n));
        final double seconds = (System.nanoTime() - begin) / 1e9;
        if (result.verified())
        {
            System.out.printf(Locale.ROOT, "verified %d events%s (%d outputs identical) in %.2f s%n",
                result.events(), fromSnapshot == null ? "" : " after the snapshot at journal index " + from[0],
                result.outputs(), seconds);
            return 0;
        }
        final JournalVerifier.Divergence d = result.divergence();
        System.out.printf(Locale.ROOT, "DIVERGED at output %d, caused by event %d%n", d.outputIndex(), d.causeSequence());
        System.out.println("  event:    " + d.causeEvent());
        System.out.println("  expected: " + d.expected());
        System.out.println("  actual:   " + d.actual());
        System.out.printf(Locale.ROOT, "%d outputs matched before it; %d events re-run%n", result.outputs(), result.events());
        return 1;
    }

    /**
     * @return the journal index the re-run starts at: 0 without --from-snapshot.
     */
    private long restoreSnapshot(final Preset preset, final EngineConfig config, final EnginePipeline pipeline)
    {
        if (fromSnapshot == null)
        {
            return 0;
        }
        final long journalEvents;
        try (JournalReader inbound = JournalReader.inbound(state))
        {
            journalEvents = inbound.entryCount();
        }
        final Supplier<EnginePipeline> trial = SnapshotTrial.of(preset, config);
        final SnapshotFacts facts;
        if (fromSnapshot.isEmpty())
        {
            facts = SnapshotRecovery.restoreLatest(SnapshotStore.of(state, preset.snapshots().keep()), journalEvents,
                SnapshotFingerprint.of(preset), pipeline, trial, line -> System.err.println("verify: " + line));
            if (facts == null)
            {
                throw new IllegalArgumentException("--from-snapshot: there is no sound snapshot in " +
                    state.resolve(SnapshotStore.DIRECTORY) + "; verify the whole journal without --from-snapshot");
            }
        }
        else
        {
            try
            {
                facts = SnapshotRecovery.restore(Path.of(fromSnapshot), journalEvents, SnapshotFingerprint.of(preset), pipeline, trial);
            }
            catch (final SnapshotFormatException | java.io.IOException ex)
            {
                throw new IllegalArgumentException("--from-snapshot " + fromSnapshot + " refused: " + ex.getMessage() +
                    "; name another snapshot, or verify the whole journal without --from-snapshot");
            }
        }
        System.err.printf(Locale.ROOT, "verify: restored the snapshot at journal index %,d (%d orders live)%n",
            facts.journalIndex(), facts.liveOrders());
        return facts.journalIndex();
    }

    private int whatIf(final Preset recorded) throws java.io.IOException
    {
        final Preset other = PresetReader.read(whatIf, PresetOverrides.none());
        final List<String> journaled = symbolsAndAccounts(recorded.referenceData());
        final List<String> proposed = symbolsAndAccounts(other.referenceData());
        if (!journaled.equals(proposed))
        {
            throw new IllegalArgumentException("--what-if " + whatIf + ": its instruments and accounts " + proposed +
                " are not the journal's " + journaled + "; a what-if changes limits, risk and strategies, not what was traded");
        }
        final WhatIfReport report = new WhatIfReport(WhatIfRun.run(state, recorded), WhatIfRun.run(state, other));
        final PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false, StandardCharsets.UTF_8);
        if (json)
        {
            report.printJson(out);
        }
        else
        {
            report.printText(out);
        }
        out.flush();
        return report.noDifference() ? 0 : 1;
    }

    private static List<String> symbolsAndAccounts(final ReferenceData ref)
    {
        final List<String> names = new java.util.ArrayList<>();
        ref.instruments().forEach(i -> names.add(i.symbol()));
        ref.accounts().forEach(a -> names.add("account " + a.name()));
        return names;
    }

    private ThreadingMode threadingMode()
    {
        if (threading == null)
        {
            return ThreadingMode.AUTO;
        }
        if (!verify)
        {
            throw new IllegalArgumentException("--threading " + threading + " only applies to --verify; add --verify or drop it");
        }
        try
        {
            return ThreadingMode.parse(threading);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("--threading: " + ex.getMessage());
        }
    }

    private int accountId(final ReferenceData referenceData)
    {
        if (account == null)
        {
            return -1;
        }
        final Account a = referenceData.accountByName(account);
        if (a == null)
        {
            throw new IllegalArgumentException("--account '" + account + "' is not an account; known: " +
                referenceData.accounts().stream().map(Account::name).collect(Collectors.joining(", ")));
        }
        return a.id();
    }

    private int instrumentId(final ReferenceData referenceData)
    {
        if (market == null)
        {
            return -1;
        }
        final Instrument i = referenceData.instrumentBySymbol(market);
        if (i == null)
        {
            throw new IllegalArgumentException("--market '" + market + "' is not an instrument; known: " +
                referenceData.instruments().stream().map(Instrument::symbol).collect(Collectors.joining(", ")));
        }
        return i.id();
    }

    private Set<String> typeNames()
    {
        final Set<String> names = new HashSet<>();
        if (types != null)
        {
            for (final String t : types)
            {
                final String upper = t.trim().toUpperCase(Locale.ROOT).replace('-', '_');
                if (!io.horizon.ops.replay.Timeline.isKnownType(upper))
                {
                    throw new IllegalArgumentException("--type '" + t + "' is not an entry type; use any of: " +
                        io.horizon.ops.replay.Timeline.knownTypes());
                }
                names.add(upper);
            }
        }
        return names;
    }

    private static long requirePositive(final long n)
    {
        if (n <= 0)
        {
            throw new IllegalArgumentException("--limit " + n + " is not allowed; use a positive number of entries");
        }
        return n;
    }

    private static long toNanos(final Instant t)
    {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }
}
