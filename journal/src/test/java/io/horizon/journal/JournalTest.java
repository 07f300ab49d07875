package io.horizon.journal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.event.EventType;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.OrderType;
import io.horizon.engine.event.Side;
import io.horizon.engine.journal.InMemoryJournal;
import io.horizon.engine.journal.JournalStage;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.OutputKind;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.engine.pipeline.ThreadingMode;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.support.RecordingReports;
import io.horizon.engine.support.TestMarkets;
import io.horizon.engine.venue.paper.PaperVenue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import static io.horizon.engine.support.TestMarkets.AAPL;
import static io.horizon.engine.support.TestMarkets.ALICE;
import static io.horizon.engine.support.TestMarkets.px;
import static io.horizon.engine.support.TestMarkets.qty;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Chronicle journal on a real queue on disk: what goes in comes back, in order, across
 * restarts, and anything damaged is reported with its file and record instead of skipped.
 */
final class JournalTest
{
    private final ReferenceData ref = TestMarkets.referenceData();

    @TempDir
    Path state;

    /**
     * Runs a small session through a real pipeline journaling to {@link #state}, and returns the
     * events the pipeline saw (captured in memory alongside) and the reports it delivered.
     */
    private Session runSession(final int quotes, final long firstClientId)
    {
        return runSession(quotes, firstClientId, ThreadingMode.AUTO);
    }

    private Session runSession(final int quotes, final long firstClientId, final ThreadingMode threading)
    {
        final ChronicleJournal journal = ChronicleJournal.open(state, SyncPolicy.BATCH, 0);
        final ChronicleOutputJournal outputs = ChronicleOutputJournal.open(state);
        final InMemoryJournal copy = new InMemoryJournal();
        final RecordingReports reports = new RecordingReports();
        final EnginePipeline pipeline = EnginePipeline.builder()
            .config(EngineConfig.builder().threading(threading).ringSize(1024).orderCapacity(256).heartbeatIntervalMillis(0).build())
            .referenceData(ref)
            .journal(new Tee(journal, copy))
            .outputJournal(outputs)
            .sideEffects(false)
            .venue(new PaperVenue(ref, 256))
            .reportListener(reports)
            .build()
            .start();
        try
        {
            assertEquals(journal.eventCount(), JournalRecovery.replay(state, pipeline, n -> { }));
            assertTrue(pipeline.awaitIdle(10_000));
            pipeline.goLive();
            for (int i = 0; i < quotes; i++)
            {
                assertTrue(pipeline.marketData().quote(1_000L + i, 1, i + 1, AAPL, px(189.99), qty(10), px(190.01), qty(10)));
                pipeline.orderEntry().newOrder(ALICE, AAPL, Side.BUY, OrderType.LIMIT, px(189 + (i % 3)), qty(1), 7,
                    firstClientId + i);
                assertTrue(pipeline.awaitIdle(10_000));
            }
            pipeline.orderEntry().control(io.horizon.engine.event.ControlAction.KILL, 3, "unicode reason: halt ⚠");
            assertTrue(pipeline.awaitIdle(10_000));
        }
        finally
        {
            assertTrue(pipeline.drainAndStop());
            outputs.close();
            journal.close();
        }
        return new Session(copy.events(), reports.all());
    }

    private record Session(List<InboundEvent> events, List<EngineOutput> reports)
    {
    }

    private List<InboundEvent> readInbound()
    {
        final List<InboundEvent> events = new ArrayList<>();
        try (JournalReader reader = JournalReader.inbound(state))
        {
            final InboundEvent e = new InboundEvent();
            while (reader.nextInbound(e))
            {
                events.add(new InboundEvent().copyFrom(e));
            }
        }
        return events;
    }

    private List<EngineOutput> readOutputs()
    {
        final List<EngineOutput> outputs = new ArrayList<>();
        try (JournalReader reader = JournalReader.outbound(state))
        {
            final EngineOutput o = new EngineOutput();
            while (reader.nextOutput(o))
            {
                outputs.add(new EngineOutput().copyFrom(o));
            }
        }
        return outputs;
    }

    private static void assertSameEvent(final InboundEvent expected, final InboundEvent actual)
    {
        assertEquals(expected.toString(), actual.toString());
        assertEquals(expected.clientOrderIdLo, actual.clientOrderIdLo);
        assertEquals(expected.venueOrderId, actual.venueOrderId);
        assertEquals(expected.feedSequence, actual.feedSequence);
        assertEquals(expected.controlValue, actual.controlValue);
        assertEquals(expected.text(), actual.text());
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldReadBackEveryInboundEventAndEveryOutputInOrder(final ThreadingMode threading)
    {
        final Session session = runSession(20, 1, threading);
        final List<InboundEvent> journaled = readInbound();

        assertEquals(session.events().size(), journaled.size());
        for (int i = 0; i < journaled.size(); i++)
        {
            assertSameEvent(session.events().get(i), journaled.get(i));
        }
        assertTrue(journaled.stream().anyMatch(e -> e.type == EventType.VENUE_FILL), "venue responses are journaled");
        assertEquals("unicode reason: halt ⚠", journaled.get(journaled.size() - 1).text());

        final List<EngineOutput> reportsInJournal =
            readOutputs().stream().filter(o -> o.kind == OutputKind.EXECUTION_REPORT).toList();
        assertEquals(session.reports().size(), reportsInJournal.size());
        for (int i = 0; i < reportsInJournal.size(); i++)
        {
            assertTrue(session.reports().get(i).sameAs(reportsInJournal.get(i)),
                "report " + i + ": " + session.reports().get(i) + " vs " + reportsInJournal.get(i));
        }
        assertTrue(readOutputs().stream().anyMatch(o -> o.kind == OutputKind.VENUE_NEW), "venue commands are journaled");
    }

    @ParameterizedTest(name = "first run {0}, restart {1}")
    @CsvSource({"SHARED, SHARED", "DEDICATED, DEDICATED", "SHARED, DEDICATED", "DEDICATED, SHARED"})
    void shouldContinueTheSequenceAfterARestartWithoutGapOrDuplicate(final ThreadingMode first, final ThreadingMode restart)
    {
        final Session firstRun = runSession(10, 1, first);
        final Session secondRun = runSession(10, 1000, restart);
        final List<InboundEvent> journaled = readInbound();

        // The second session replayed the first into its ring, so its copy holds both runs.
        assertEquals(secondRun.events().size(), journaled.size());
        assertTrue(journaled.size() > firstRun.events().size());
        try (ChronicleJournal reopened = ChronicleJournal.open(state, SyncPolicy.NONE, 0))
        {
            assertEquals(journaled.size(), reopened.eventCount());
        }
    }

    @Test
    void shouldRefuseToWriteAGapOrADuplicate()
    {
        runSession(3, 1);
        try (ChronicleJournal journal = ChronicleJournal.open(state, SyncPolicy.NONE, 0))
        {
            final long next = journal.eventCount();
            final InboundEvent e = new InboundEvent().setHeartbeat(1);
            final JournalException gap = assertThrows(JournalException.class, () -> journal.append(e, next + 5, true));
            assertTrue(gap.getMessage().contains("expected event " + next + " but was given " + (next + 5)), gap.getMessage());
            assertFalse(journal.append(e, next - 1, true), "an already journaled sequence is a replay, not written");
            assertTrue(journal.append(e, next, true));
        }
    }

    @Test
    void shouldNameFileAndRecordWhenARecordIsCorrupted() throws IOException
    {
        runSession(5, 1);
        final Path file = cycleFile(JournalDirectory.inbound(state));
        final long offset = offsetOfRecord(file, 3);
        flipByte(file, offset + 40);

        final JournalException ex = assertThrows(JournalException.class, this::readInbound);

        assertTrue(ex.getMessage().contains(file.getFileName().toString()), ex.getMessage());
        assertTrue(ex.getMessage().contains("record 3"), ex.getMessage());
        assertTrue(ex.getMessage().contains("checksum does not match"), ex.getMessage());
    }

    @Test
    void shouldRefuseARecordOfAnUnknownLayoutVersion() throws IOException
    {
        runSession(5, 1);
        final Path file = cycleFile(JournalDirectory.inbound(state));
        final long offset = offsetOfRecord(file, 0);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(offset + 1);
            raf.write(9);
        }

        final JournalException ex = assertThrows(JournalException.class, this::readInbound);

        assertTrue(ex.getMessage().contains("layout version 9; this Horizon reads layouts 1 to 2"), ex.getMessage());
        assertTrue(ex.getMessage().contains("record 0"), ex.getMessage());
    }

    @Test
    void shouldReportATruncatedJournalFileInsteadOfEndingQuietly() throws IOException
    {
        runSession(30, 1);
        final Path file = cycleFile(JournalDirectory.inbound(state));
        final long offset = offsetOfRecord(file, 20);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.setLength(offset + 50);
        }

        final JournalException ex = assertThrows(JournalException.class, this::readInbound);

        assertTrue(ex.getMessage().contains(file.getFileName().toString()), ex.getMessage());
        assertTrue(ex.getMessage().contains("record 20"), ex.getMessage());
        assertTrue(ex.getMessage().contains("corrupted or truncated"), ex.getMessage());
    }

    @Test
    void shouldSayThereIsNoJournalForAMissingStateDirectory()
    {
        final Path missing = state.resolve("nothing-here");

        final JournalException ex = assertThrows(JournalException.class, () -> JournalReader.inbound(missing));

        assertTrue(ex.getMessage().startsWith("no journal at " + JournalDirectory.inbound(missing)), ex.getMessage());
    }

    @Test
    void shouldRefuseARestartWithAnotherSeed()
    {
        JournalManifest.openOrCreate(state, 42, 256);

        final JournalException ex = assertThrows(JournalException.class, () -> JournalManifest.openOrCreate(state, 7, 256));

        assertTrue(ex.getMessage().contains("written with seed 42"), ex.getMessage());
        assertTrue(ex.getMessage().contains("--seed 42"), ex.getMessage());
    }

    private static Path cycleFile(final Path queueDir) throws IOException
    {
        try (Stream<Path> files = Files.list(queueDir))
        {
            return files.filter(p -> p.getFileName().toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
    }

    /**
     * Finds the n-th Horizon inbound record in a queue file by its header bytes
     * (magic, layout version 2, flags 0, then the SBE header of template 1, schema 7201).
     */
    private static long offsetOfRecord(final Path file, final int n) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        int seen = 0;
        for (int i = 0; i + 3 < bytes.length; i++)
        {
            if (isInboundRecordStart(bytes, i))
            {
                if (seen++ == n)
                {
                    return i;
                }
            }
        }
        throw new AssertionError("record " + n + " not found in " + file);
    }

    static boolean isInboundRecordStart(final byte[] bytes, final int i)
    {
        return i + 9 < bytes.length && bytes[i] == 0x48 && bytes[i + 1] == 2 && bytes[i + 2] == 0 && bytes[i + 3] == 0 &&
            bytes[i + 6] == 1 && bytes[i + 7] == 0 && bytes[i + 8] == 0x21 && bytes[i + 9] == 0x1C;
    }

    private static void flipByte(final Path file, final long offset) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(offset);
            final int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0x5A);
        }
    }

    /**
     * Journals to two stages: the Chronicle journal under test and an in-memory copy.
     */
    private static final class Tee implements JournalStage
    {
        private final ChronicleJournal journal;
        private final InMemoryJournal copy;

        Tee(final ChronicleJournal journal, final InMemoryJournal copy)
        {
            this.journal = journal;
            this.copy = copy;
        }

        @Override
        public boolean append(final InboundEvent event, final long sequence, final boolean endOfBatch)
        {
            copy.append(event, sequence, endOfBatch);
            return journal.append(event, sequence, endOfBatch);
        }

        @Override
        public void onStart()
        {
            journal.onStart();
        }

        @Override
        public void onShutdown()
        {
            journal.onShutdown();
        }
    }
}
