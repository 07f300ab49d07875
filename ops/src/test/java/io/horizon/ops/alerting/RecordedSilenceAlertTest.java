package io.horizon.ops.alerting;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.horizon.engine.output.AlertKind;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.pipeline.ThreadingMode;
import io.horizon.journal.JournalReader;
import io.horizon.ops.daemon.DaemonSettings;
import io.horizon.ops.daemon.HorizonDaemon;
import io.horizon.ops.preset.EmbeddedPresets;
import io.horizon.ops.preset.Preset;
import io.horizon.ops.preset.PresetOverrides;
import io.horizon.ops.preset.PresetReader;
import io.horizon.ops.support.EngineThreading;
import io.horizon.ops.support.HorizonProcess;
import io.horizon.ops.support.HorizonProcess.Result;
import io.horizon.ops.support.RecordedMarketFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.horizon.ops.support.RecordedMarketFile.at;
import static io.horizon.ops.support.RecordedMarketFile.nanos;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A silence in a recorded file longer than the stale threshold is judged on recorded time: the
 * watchdog's halt and the recovery after it are in the journal, the audit log and the pages of the
 * alert follower, each at the recorded moment, though the file replays in a fraction of a second;
 * repeats are throttled, and a restart catches up, on recorded time too.
 */
final class RecordedSilenceAlertTest
{
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    @SuppressWarnings("unchecked")
    void shouldRaiseFeedStaleAtTheRecordedMomentAndTheRecoveryAfterItInJournalAuditAndAlerts(final ThreadingMode threading)
        throws Exception
    {
        // Ticks for 20 s, then 45 s of silence on every instrument (the moderate profile's stale limit is 30 s), then ticks.
        final Path csv = RecordedMarketFile.start().quotes(0, 20_000, 250).quotes(65_000, 70_000, 250).write(dir.resolve("day.csv"));
        // Last tick at 19.75 s; heartbeats every 100 ms of recorded time from the first row: the first past 30 s.
        final long staleAt = nanos(49_800);
        final long recoveredAt = nanos(65_000);
        final Path state = dir.resolve("state");
        try (AlertReceiver slack = new AlertReceiver())
        {
            final HorizonDaemon daemon = EngineThreading.runningIn(
                HorizonDaemon.start(new DaemonSettings(state, null, preset(csv, slack, false, threading))), state, threading);
            try
            {
                final Map<String, Object> stale = awaitTitle(slack, "[ERROR] Market data feed stale");
                final Map<String, String> staleFields = fields(stale);
                assertEquals(at(49_800), staleFields.get("event_time"), "paged with the recorded moment: " + staleFields);
                assertEquals("feed.stale", staleFields.get("category"));
                final String message = (String)((List<Map<String, Object>>)stale.get("attachments")).get(0).get("text");
                assertTrue(message.startsWith("watchdog halt: feed 1 stale: no tick for 30050 ms (limit 30000 ms)"), message);
                final Map<String, Object> recovered = awaitTitle(slack, "[INFO] Market data feed recovered");
                assertEquals(at(65_000), fields(recovered).get("event_time"));
            }
            finally
            {
                assertTrue(daemon.stop().drained());
            }
        }

        final List<EngineOutput> halts = new ArrayList<>();
        final List<EngineOutput> recoveries = new ArrayList<>();
        try (JournalReader reader = JournalReader.outbound(state))
        {
            EngineOutput o = new EngineOutput();
            while (reader.nextOutput(o))
            {
                if (o.alertKind == AlertKind.WATCHDOG_HALT)
                {
                    halts.add(o);
                }
                else if (o.alertKind == AlertKind.FEED_RECOVERED)
                {
                    recoveries.add(o);
                }
                o = new EngineOutput();
            }
        }
        assertEquals(1, halts.size());
        assertEquals(staleAt, halts.get(0).timestampNanos, "journaled at the recorded moment");
        assertEquals(1, recoveries.size());
        assertEquals(recoveredAt, recoveries.get(0).timestampNanos);

        final Result stale = HorizonProcess.inProcess("audit", "replay", "--state", state.toString(), "--category", "feed.stale");
        assertTrue(stale.output().contains("2026-11-30T14:30:49.800000000Z  critical  feed.stale"), stale::toString);
        final Result back = HorizonProcess.inProcess("audit", "replay", "--state", state.toString(), "--category", "feed.recovered");
        assertTrue(back.output().contains("2026-11-30T14:31:05.000000000Z  info      feed.recovered"), back::toString);
    }

    @Test
    void shouldThrottleRepeatsOnRecordedTimeSoASilenceMinutesLaterInTheDayIsPagedThoughTheFileReplaysInSeconds() throws Exception
    {
        // Two 45 s silences 7.5 recorded minutes apart: each pages stale and recovered. On the wall
        // clock the file takes seconds, so the second pair would fall in the first one's 5-minute
        // window and be held back (only its last word, at shutdown); on recorded time it is paged.
        final Path csv = RecordedMarketFile.start().quotes(0, 20_000, 250).quotes(65_000, 480_000, 250).quotes(525_000, 530_000, 250)
            .write(dir.resolve("day.csv"));
        final Path state = dir.resolve("state");
        final List<Map<String, String>> pages;
        try (AlertReceiver slack = new AlertReceiver())
        {
            final HorizonDaemon daemon = HorizonDaemon.start(new DaemonSettings(state, null, preset(csv, slack)));
            try
            {
                pages = collectUntil(slack, "[INFO] Market data feed recovered", at(525_000));
            }
            finally
            {
                assertTrue(daemon.stop().drained());
            }
        }
        final List<String> feedPages = pages.stream().filter(p -> "horizon:feed:feed 1".equals(p.get("dedup_key")))
            .map(p -> p.get("title") + " " + p.get("event_time") + (p.containsKey("held_back") ? " held " + p.get("held_back") : ""))
            .toList();
        assertEquals(List.of(
            "[ERROR] Market data feed stale " + at(49_800), "[INFO] Market data feed recovered " + at(65_000),
            "[ERROR] Market data feed stale " + at(509_800), "[INFO] Market data feed recovered " + at(525_000)), feedPages,
            "each silence paged as it happened, nothing held back: " + pages);
    }

    @Test
    void shouldCatchUpARecordedRunsUnalertedPagesByTheEngineTimeOfTheRunThatResumesIt() throws Exception
    {
        // The first file's stale page, left unalerted by a crash, is 5 days old by the wall clock
        // but seconds old by the engine's time when the next file (starting right after) resumes
        // the state: it is paged. A next file starting an hour later leaves it unpaged (over 15 minutes).
        assertEquals(List.of("[ERROR] Market data feed stale " + at(49_800)), caughtUp(70_000, "soon"));
        assertEquals(List.of(), caughtUp(70_000 + 3_600_000, "later"));
    }

    /**
     * Runs the silence file into a state, forgets that its alerts went out (as a crash before the
     * follower kept its position would), resumes the state with a file starting {@code resumeAtMillis},
     * and returns the feed stale pages of the resumed run.
     */
    private List<String> caughtUp(final long resumeAtMillis, final String name) throws Exception
    {
        final Path first = RecordedMarketFile.start().quotes(0, 20_000, 250).quotes(65_000, 70_000, 250).write(dir.resolve(name + "-1.csv"));
        final Path next = RecordedMarketFile.start().quotes(resumeAtMillis, resumeAtMillis + 2_000, 250).write(dir.resolve(name + "-2.csv"));
        final Path state = dir.resolve(name);
        try (AlertReceiver slack = new AlertReceiver())
        {
            final HorizonDaemon daemon = HorizonDaemon.start(new DaemonSettings(state, null, preset(first, slack)));
            try
            {
                collectUntil(slack, "[INFO] Market data feed recovered", at(65_000));
            }
            finally
            {
                assertTrue(daemon.stop().drained());
            }
        }
        new AlertFollowerPosition(state).write(0);
        try (AlertReceiver slack = new AlertReceiver())
        {
            final HorizonDaemon daemon = HorizonDaemon.start(new DaemonSettings(state, null, preset(next, slack)));
            assertTrue(daemon.stop().drained());
            final List<String> stale = new ArrayList<>();
            while (slack.received() > 0)
            {
                final Map<String, String> page = page(JsonTree.object(slack.next().body()));
                if (page.get("title").contains("feed stale"))
                {
                    stale.add(page.get("title") + " " + page.get("event_time"));
                }
            }
            return stale;
        }
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    void shouldPageDegradedThenStaleThenRecoveredEachAsItHappensWithNoneHeldBack(final ThreadingMode threading) throws Exception
    {
        // With the degraded stage on, one silence is three pages of one dedup key: the escalation to
        // stale and the recovery after it must not wait out the repeat window behind the first two.
        final Path csv = RecordedMarketFile.start().quotes(0, 20_000, 250).quotes(65_000, 70_000, 250).write(dir.resolve("day.csv"));
        final List<Map<String, String>> pages;
        try (AlertReceiver slack = new AlertReceiver())
        {
            final Path state = dir.resolve("state");
            final HorizonDaemon daemon = EngineThreading.runningIn(
                HorizonDaemon.start(new DaemonSettings(state, null, preset(csv, slack, true, threading))), state, threading);
            try
            {
                pages = collectUntil(slack, "[INFO] Market data feed recovered", at(65_000));
            }
            finally
            {
                assertTrue(daemon.stop().drained());
            }
        }
        assertEquals(List.of(
                "[WARNING] Market data feed stale " + at(24_800), "[ERROR] Market data feed stale " + at(49_800),
                "[INFO] Market data feed recovered " + at(65_000)),
            pages.stream().filter(p -> "horizon:feed:feed 1".equals(p.get("dedup_key")))
                .map(p -> p.get("title") + " " + p.get("event_time") + (p.containsKey("held_back") ? " held " + p.get("held_back") : ""))
                .toList());
    }

    /** Every page until one with this title and event time, each as its fields plus its title. */
    private static List<Map<String, String>> collectUntil(final AlertReceiver receiver, final String title, final String eventTime)
        throws Exception
    {
        final List<Map<String, String>> seen = new ArrayList<>();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline)
        {
            final Map<String, String> page = page(JsonTree.object(receiver.next().body()));
            seen.add(page);
            if (title.equals(page.get("title")) && eventTime.equals(page.get("event_time")))
            {
                return seen;
            }
        }
        throw new AssertionError("no alert '" + title + "' at " + eventTime + "; saw " + seen);
    }

    private static Map<String, String> page(final Map<String, Object> json)
    {
        final Map<String, String> page = fields(json);
        page.put("title", String.valueOf(json.get("text")));
        return page;
    }

    private Preset preset(final Path csv, final AlertReceiver slack) throws Exception
    {
        return preset(csv, slack, false, ThreadingMode.AUTO);
    }

    private Preset preset(final Path csv, final AlertReceiver slack, final boolean degraded, final ThreadingMode threading)
        throws Exception
    {
        final String paper = EmbeddedPresets.text(EmbeddedPresets.PAPER).replace("[metrics]\nenabled = true", "[metrics]\nenabled = false");
        // Without the degraded stage (0 turns it off) unless asked: a silence pages stale and recovered only.
        final String text = paper.substring(0, paper.indexOf("[alerting]")).replace("[risk.overrides]\n", degraded ? "[risk.overrides]\n" : "[risk.overrides]\nfeed_degraded_seconds = 0\n") +
            "[alerting]\n[[alerting.sinks]]\nkind = \"webhook\"\nmin_severity = \"info\"\nurl = \"" + slack.uri("/hook") + "\"\n";
        final Path file = Files.writeString(dir.resolve("recorded.hz.toml"), text);
        final PresetOverrides fileFeed = PresetOverrides.none()
            .set("feed.kind", "csv", "test")
            .set("feed.path", csv.toString(), "test")
            .remove("feed.rate", "test")
            .set("engine.threading", threading.configName(), "test");
        return PresetReader.read(file, fileFeed);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> awaitTitle(final AlertReceiver receiver, final String title) throws Exception
    {
        final List<String> seen = new ArrayList<>();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline)
        {
            final AlertReceiver.Request request = receiver.next();
            final Map<String, Object> json = JsonTree.object(request.body());
            if (title.equals(json.get("text")))
            {
                return json;
            }
            seen.add(String.valueOf(json.get("text")));
        }
        throw new AssertionError("no alert '" + title + "'; saw " + seen);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> fields(final Map<String, Object> alert)
    {
        final Map<String, String> fields = new LinkedHashMap<>();
        for (final Map<String, Object> f : (List<Map<String, Object>>)((List<Map<String, Object>>)alert.get("attachments")).get(0).get("fields"))
        {
            fields.put((String)f.get("title"), (String)f.get("value"));
        }
        return fields;
    }
}
