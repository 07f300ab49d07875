package io.horizon.ops.feed;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.horizon.engine.event.ControlAction;
import io.horizon.engine.event.EventType;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.output.EngineOutput;
import io.horizon.journal.JournalDirectory;
import io.horizon.journal.JournalReader;
import io.horizon.journal.audit.AuditTime;
import io.horizon.ops.support.HorizonProcess;
import io.horizon.ops.support.HorizonProcess.Result;
import io.horizon.ops.support.RecordedMarketFile;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.horizon.ops.support.RecordedMarketFile.at;
import static io.horizon.ops.support.RecordedMarketFile.nanos;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code horizon run --feed-csv} end to end on the engine clock of the file: every input and output
 * stamped in the file's time, found again by {@code replay --since/--until}; a crossed quote judged by
 * the fat-finger layer instead of ending the feed; bad rows stopped or skipped and marked; and the
 * same file giving the same journals, byte for byte, in either threading mode.
 */
final class FileRunTest
{
    @TempDir
    Path dir;

    private Result run(final Path state, final Path csv, final String... more)
    {
        final List<String> args = new ArrayList<>(List.of("run", "--state", state.toString(), "--feed-csv", csv.toString(),
            "--metrics-port", "0"));
        args.addAll(List.of(more));
        return HorizonProcess.inProcess(args.toArray(String[]::new));
    }

    @Test
    void shouldStampEveryInputAndOutputInsideTheFilesTimeRangeAndFindThemWithReplaySinceUntil() throws Exception
    {
        // The market moves half-way, so the market maker reacts in both halves.
        final RecordedMarketFile day = RecordedMarketFile.start().quotes(0, 10_000, 250).quotes(10_000, 20_000, 250, 0.25);
        final Path csv = day.write(dir.resolve("day.csv"));
        final Path state = dir.resolve("state");

        final Result run = run(state, csv);

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.output().contains("engine clock: recorded"), run::toString);
        assertTrue(run.output().contains("feed: day.csv, pace max, bad rows stop"), run::toString);
        final List<InboundEvent> inputs = inputs(state);
        final List<EngineOutput> outputs = outputs(state);
        assertTrue(inputs.stream().anyMatch(e -> e.type == EventType.HEARTBEAT), "heartbeats of recorded time");
        assertTrue(inputs.stream().anyMatch(e -> e.type.isVenueResponse()), "the market maker traded");
        assertTrue(outputs.size() > 10, "outputs: " + outputs.size());
        for (final InboundEvent e : inputs)
        {
            assertTrue(e.timestampNanos >= nanos(0) && e.timestampNanos <= day.lastNanos(), "input outside the file's time: " + e);
        }
        for (final EngineOutput o : outputs)
        {
            assertTrue(o.timestampNanos >= nanos(0) && o.timestampNanos <= day.lastNanos(), "output outside the file's time: " + o);
        }

        final Result replay = HorizonProcess.inProcess("replay", "--state", state.toString(), "--json",
            "--since", at(0), "--until", at(20_000));
        assertEquals(0, replay.exitCode(), replay::toString);
        assertEquals(inputs.size(), count(replay.output(), "\"record\":\"input\""), "every event of the run is in the range");
        assertEquals(outputs.size(), count(replay.output(), "\"record\":\"output\""), "and every reaction");

        final Result starts = HorizonProcess.inProcess("audit", "replay", "--state", state.toString(), "--category", "system.start,system.stop");
        final List<String> own = starts.output().lines().filter(l -> l.contains("system.st")).toList();
        assertEquals(2, own.size(), starts::toString);
        assertTrue(own.get(0).contains(" " + AuditTime.format(nanos(0)) + " ") && own.get(0).contains("system.start"), own::toString);
        assertTrue(own.get(1).contains(" " + AuditTime.format(day.lastNanos()) + " ") && own.get(1).contains("system.stop"),
            "stopped at the last row's recorded time: " + own);

        final Result secondHalf = HorizonProcess.inProcess("replay", "--state", state.toString(), "--json",
            "--since", at(10_000), "--until", at(20_000));
        final long inSecondHalf = outputs.stream().filter(o -> o.timestampNanos >= nanos(10_000)).count();
        assertTrue(inSecondHalf > 0 && inSecondHalf < outputs.size(), "reactions in both halves: " + inSecondHalf);
        assertEquals(inSecondHalf, count(secondHalf.output(), "\"record\":\"output\""), "the second half's reactions, found by time");
    }

    @Test
    void shouldWriteByteIdenticalJournalsWhenTheSameFileRunsTwiceInEitherThreadingMode() throws Exception
    {
        final Path csv = RecordedMarketFile.start().quotes(0, 15_000, 200).quotes(60_000, 70_000, 200).write(dir.resolve("day.csv"));
        final Path first = dir.resolve("first");
        final Path second = dir.resolve("second");

        assertEquals(0, run(first, csv, "--threading", "shared").exitCode());
        assertEquals(0, run(second, csv, "--threading", "dedicated").exitCode());

        final List<byte[]> inbound = records(JournalDirectory.inbound(first));
        final List<byte[]> outbound = records(JournalDirectory.outbound(first));
        assertTrue(inbound.size() > 500 && outbound.size() > 10, inbound.size() + " inbound, " + outbound.size() + " outbound");
        assertSameRecords(inbound, records(JournalDirectory.inbound(second)));
        assertSameRecords(outbound, records(JournalDirectory.outbound(second)));
    }

    @Test
    void shouldPassACrossedQuoteToTheEngineWhoseFatFingerLayerRefusesOrdersPricedOffIt() throws Exception
    {
        final RecordedMarketFile day = RecordedMarketFile.start().quotes(0, 5_000, 250);
        // A fat-fingered AAPL bid, crossed for a second, then the market as before.
        day.quote(5_000, "AAPL", 199.00, 190.02).quote(5_500, "AAPL", 199.00, 190.02).quotes(6_000, 10_000, 250);
        final Path csv = day.write(dir.resolve("crossed.csv"));
        final Path state = dir.resolve("state");

        final Result run = run(state, csv);

        assertEquals(0, run.exitCode(), run::toString);
        assertFalse(run.output().contains("FEED FAILED"), run::toString);
        assertTrue(run.output().contains("crossed_quote"), "the summary counts the refusals: " + run);
        final List<EngineOutput> refused = outputs(state).stream().filter(o -> o.rejectReason == RejectReason.CROSSED_QUOTE).toList();
        assertFalse(refused.isEmpty(), "the market maker's orders priced off the crossed quote were refused");
        for (final EngineOutput o : refused)
        {
            assertTrue(o.timestampNanos >= nanos(5_000) && o.timestampNanos < nanos(6_000), "refused while crossed: " + o);
            assertEquals("fat_finger", o.rejectReason.layer());
        }
    }

    @Test
    void shouldStopAtAnUnreadableRowByDefault() throws Exception
    {
        final Path csv = withBadRow().write(dir.resolve("bad.csv"));

        final Result run = run(dir.resolve("state"), csv);

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.output().contains("FEED FAILED: bad.csv:" + badLine() + ": field 'bid': 'abc' is not a number"), run::toString);
        assertTrue(run.output().contains("--bad-rows skip"), "the alert names the way out: " + run);
        final List<InboundEvent> quotes = inputs(dir.resolve("state")).stream().filter(e -> e.type == EventType.QUOTE).toList();
        assertEquals(12 * 3, quotes.size(), "every row before the bad one reached the engine");
        assertEquals(nanos(2_750), quotes.get(quotes.size() - 1).timestampNanos);
    }

    @Test
    void shouldSkipCountReportAndJournalAMarkerForAnUnreadableRowWhenToldToSkip() throws Exception
    {
        final Path csv = withBadRow().write(dir.resolve("bad.csv"));
        final Path state = dir.resolve("state");

        final Result run = run(state, csv, "--bad-rows", "skip");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.output().contains("feed: bad.csv, pace max, bad rows skip"), run::toString);
        assertTrue(run.output().matches("(?s).*bad rows skipped\\s+1 .*"), run::toString);
        assertTrue(run.output().contains("  bad.csv:" + badLine() + ": field 'bid': 'abc' is not a number"), run::toString);
        final List<InboundEvent> inputs = inputs(state);
        final List<InboundEvent> markers = inputs.stream()
            .filter(e -> e.type == EventType.CONTROL && e.controlAction == ControlAction.FEED_GAP).toList();
        assertEquals(1, markers.size(), "one marker");
        final InboundEvent marker = markers.get(0);
        assertEquals(badLine(), marker.controlValue, "it names the line");
        assertTrue(marker.text().contains("bad.csv:" + badLine()), marker.text());
        assertEquals(nanos(2_750), marker.timestampNanos, "where the data has its hole: after the row before it");
        final int at = inputs.indexOf(marker);
        assertEquals(EventType.QUOTE, inputs.get(at - 1).type);
        assertEquals(nanos(2_750), inputs.get(at - 1).timestampNanos, "the row before it");
        final InboundEvent next = inputs.subList(at + 1, inputs.size()).stream().filter(e -> e.type == EventType.QUOTE).findFirst().orElseThrow();
        assertEquals(nanos(3_000), next.timestampNanos, "the row after it comes after it");

        final Result audit = HorizonProcess.inProcess("audit", "replay", "--state", state.toString(), "--category", "control.received");
        assertTrue(audit.output().contains("market data skipped: skipped bad.csv:" + badLine()), audit::toString);
        final Result timeline = HorizonProcess.inProcess("replay", "--state", state.toString(), "--type", "control");
        assertTrue(timeline.output().contains("FEED_GAP"), timeline::toString);
    }

    @Test
    void shouldRefuseToReplayAFileIntoTheJournalsPastButContinueWithALaterOne() throws Exception
    {
        final Path state = dir.resolve("state");
        final Path morning = RecordedMarketFile.start().quotes(0, 2_000, 250).write(dir.resolve("morning.csv"));
        assertEquals(0, run(state, morning).exitCode());

        final Result again = run(state, morning);

        assertEquals(2, again.exitCode(), again::toString);
        assertTrue(again.output().contains("starts at " + at(0) + ", before the last event the journal of"), again::toString);
        assertTrue(again.output().contains("a recorded run cannot go back in time: use a fresh --state"), again::toString);
        assertFalse(again.output().contains("\tat "), again::toString);
        final Path afternoon = RecordedMarketFile.start().quotes(60_000, 62_000, 250).write(dir.resolve("afternoon.csv"));
        final Result later = run(state, afternoon);
        assertEquals(0, later.exitCode(), later::toString);
        assertTrue(later.output().contains("recovered from the journal"), later::toString);
    }

    @Test
    void shouldRefuseAPaceItCannotReadAndAFilePaceOnTheSyntheticFeed() throws Exception
    {
        final Path csv = RecordedMarketFile.start().quotes(0, 1_000, 250).write(dir.resolve("day.csv"));

        final Result fast = run(dir.resolve("a"), csv, "--pace", "fast");
        assertEquals(2, fast.exitCode(), fast::toString);
        assertTrue(fast.output().contains("feed.pace") && fast.output().contains("max, or a speed-up like 1x, 10x"), fast::toString);

        final Result synthetic = HorizonProcess.inProcess("run", "--state", dir.resolve("b").toString(), "--pace", "10x",
            "--metrics-port", "0", "--duration", "1s");
        assertEquals(2, synthetic.exitCode(), synthetic::toString);
        assertTrue(synthetic.output().contains("only a file feed has a pace"), synthetic::toString);
    }

    @Test
    void shouldPaceTheFileAgainstTheWallClockAtTenTimesRecordedSpeed() throws Exception
    {
        // 3 s of recorded time at 10x: about 0.3 s of wall time, and the same journal as at max.
        final Path csv = RecordedMarketFile.start().quotes(0, 3_000, 250).write(dir.resolve("day.csv"));
        final long begin = System.nanoTime();
        final Result paced = run(dir.resolve("paced"), csv, "--pace", "10x");
        final long pacedNanos = System.nanoTime() - begin;

        assertEquals(0, paced.exitCode(), paced::toString);
        assertTrue(paced.output().contains("pace 10x"), paced::toString);
        assertTrue(pacedNanos >= 250_000_000L, "10x of 2.75 s of recorded rows cannot finish sooner than 0.275 s: " + pacedNanos);
        assertEquals(0, run(dir.resolve("max"), csv).exitCode());
        assertSameRecords(records(JournalDirectory.inbound(dir.resolve("max"))), records(JournalDirectory.inbound(dir.resolve("paced"))));
    }

    private static RecordedMarketFile withBadRow()
    {
        return RecordedMarketFile.start().quotes(0, 3_000, 250)
            .raw(at(2_900) + ",quote,AAPL,abc,100,190.02,100,,")
            .quotes(3_000, 5_000, 250);
    }

    /** The bad row's line: the header, 12 times 3 quotes, then it. */
    private static int badLine()
    {
        return 1 + 12 * 3 + 1;
    }

    private static void assertSameRecords(final List<byte[]> expected, final List<byte[]> actual)
    {
        assertEquals(expected.size(), actual.size(), "record count");
        for (int i = 0; i < expected.size(); i++)
        {
            assertArrayEquals(expected.get(i), actual.get(i), "record " + i);
        }
    }

    /**
     * Every record of a journal queue, as the bytes written.
     */
    private static List<byte[]> records(final Path queue)
    {
        final List<byte[]> records = new ArrayList<>();
        try (ChronicleQueue q = SingleChronicleQueueBuilder.binary(queue).rollCycle(RollCycles.FAST_DAILY).readOnly(true).build())
        {
            final ExcerptTailer tailer = q.createTailer();
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        break;
                    }
                    records.add(dc.wire().bytes().toByteArray());
                }
            }
        }
        return records;
    }

    private static List<InboundEvent> inputs(final Path state) throws IOException
    {
        final List<InboundEvent> events = new ArrayList<>();
        try (JournalReader reader = JournalReader.inbound(state))
        {
            InboundEvent e = new InboundEvent();
            while (reader.nextInbound(e))
            {
                events.add(e);
                e = new InboundEvent();
            }
        }
        return events;
    }

    private static List<EngineOutput> outputs(final Path state) throws IOException
    {
        final List<EngineOutput> outputs = new ArrayList<>();
        try (JournalReader reader = JournalReader.outbound(state))
        {
            EngineOutput o = new EngineOutput();
            while (reader.nextOutput(o))
            {
                outputs.add(o);
                o = new EngineOutput();
            }
        }
        return outputs;
    }

    private static int count(final String text, final String needle)
    {
        int n = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1))
        {
            n++;
        }
        return n;
    }
}
