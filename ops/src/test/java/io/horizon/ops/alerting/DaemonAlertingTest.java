package io.horizon.ops.alerting;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.horizon.engine.pipeline.ThreadingMode;
import io.horizon.journal.JournalReader;
import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.sqlite.SqliteFile;
import io.horizon.ops.daemon.DaemonSettings;
import io.horizon.ops.daemon.HorizonDaemon;
import io.horizon.ops.daemon.RunSummary;
import io.horizon.ops.preset.EmbeddedPresets;
import io.horizon.ops.preset.Preset;
import io.horizon.ops.preset.PresetOverrides;
import io.horizon.ops.preset.PresetReader;
import io.horizon.ops.support.EngineThreading;
import io.horizon.ops.support.HorizonProcess;
import io.horizon.ops.support.HorizonProcess.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A running daemon (in this JVM) whose preset's {@code [alerting]} points webhook sinks at real
 * HTTP servers on 127.0.0.1: {@code horizon kill} and {@code reset} page with their runbook, a
 * locked audit store pages and then resolves, a sink that fails is counted and disturbs nothing,
 * and a sink whose secret is missing stops {@code horizon run} with one line naming it.
 */
final class DaemonAlertingTest
{
    private static final String USER = System.getProperty("user.name");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = {"SHARED", "DEDICATED"})
    @SuppressWarnings("unchecked")
    void shouldPageTheKillSwitchWithItsRunbookWhenAnOperatorKillsARunningDaemon(final ThreadingMode threading) throws Exception
    {
        try (AlertReceiver slack = new AlertReceiver())
        {
            final Path state = dir.resolve("state");
            final HorizonDaemon daemon = start(state, webhook(slack.uri("/services/T0/B0/secret-token").toString(), "info"), threading);
            try
            {
                final Result kill = HorizonProcess.inProcess("kill", "--state", state.toString(), "--reason", "INC-7: fat finger");
                assertEquals(0, kill.exitCode(), kill::toString);

                final Map<String, Object> killed = awaitTitle(slack, "Kill switch engaged");
                assertEquals("[CRITICAL] Kill switch engaged", killed.get("text"));
                final Map<String, Object> attachment = ((List<Map<String, Object>>)killed.get("attachments")).get(0);
                final String message = (String)attachment.get("text");
                assertTrue(message.startsWith("kill switch fired: manual"), message);
                assertTrue(message.contains("[user:" + USER + ": INC-7: fat finger]; runbook deploy/runbooks/kill-switch.md"),
                    "operator and reason: " + message);
                final Map<String, String> fields = fields(attachment);
                assertEquals("deploy/runbooks/kill-switch.md", fields.get("runbook"));
                assertTrue(Files.isRegularFile(AlertDeliveryTest.repositoryRoot().resolve(fields.get("runbook"))), "the runbook exists");
                assertEquals("killswitch.fired", fields.get("category"));
                assertEquals("manual", fields.get("trigger"));
                assertEquals("horizon:killswitch", fields.get("dedup_key"));

                final Result reset = HorizonProcess.inProcess("reset", "--state", state.toString(), "--reason", "INC-7 closed");
                assertEquals(0, reset.exitCode(), reset::toString);
                final Map<String, Object> resolved = awaitTitle(slack, "Kill switch reset");
                assertEquals("[INFO] Kill switch reset", resolved.get("text"));
                assertEquals("killswitch.reset",
                    fields(((List<Map<String, Object>>)resolved.get("attachments")).get(0)).get("category"));

                final String stat = HorizonProcess.inProcess("stat", "--state", state.toString(), "--once", "--all").output();
                assertTrue(counter(stat, "horizon_alerts_raised_total{severity=\"critical\"}") >= 1, stat);
                assertTrue(counter(stat, "horizon_alert_posts_total{sink=\"webhook\",result=\"delivered\"}") >= 2, stat);
            }
            finally
            {
                assertTrue(daemon.stop().drained());
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldPageAgainWhenTheDaemonRestartsWithTheKillSwitchStillEngaged() throws Exception
    {
        try (AlertReceiver slack = new AlertReceiver())
        {
            final Path state = dir.resolve("state");
            final String sinks = webhook(slack.uri("/hook").toString(), "info");
            final HorizonDaemon first = start(state, sinks);
            try
            {
                final Result kill = HorizonProcess.inProcess("kill", "--state", state.toString(), "--reason", "INC-9: runaway");
                assertEquals(0, kill.exitCode(), kill::toString);
                awaitTitle(slack, "Kill switch engaged");
            }
            finally
            {
                assertTrue(first.stop().drained());
            }

            final HorizonDaemon second = start(state, sinks);
            try
            {
                final Map<String, Object> again = awaitTitle(slack, "Kill switch engaged");
                final Map<String, Object> attachment = ((List<Map<String, Object>>)again.get("attachments")).get(0);
                final String message = (String)attachment.get("text");
                assertTrue(message.startsWith("Horizon started with the kill switch engaged (ENGAGED (trigger manual: "), message);
                assertEquals("deploy/runbooks/kill-switch.md", fields(attachment).get("runbook"));
            }
            finally
            {
                assertTrue(second.stop().drained());
            }
        }
    }

    @ParameterizedTest(name = "first run {0}, restart {1}")
    @CsvSource({"SHARED, DEDICATED", "DEDICATED, SHARED"})
    @SuppressWarnings("unchecked")
    void shouldAlertAfterARestartWhatTheLastRunJournaledButHadNotAlerted(final ThreadingMode first, final ThreadingMode restart)
        throws Exception
    {
        try (AlertReceiver slack = new AlertReceiver())
        {
            final Path state = dir.resolve("state");
            final HorizonDaemon firstRun = start(state, "", first);
            try
            {
                final Result kill = HorizonProcess.inProcess("kill", "--state", state.toString(), "--reason", "INC-11: crash drill");
                assertEquals(0, kill.exitCode(), kill::toString);
            }
            finally
            {
                assertTrue(firstRun.stop().drained());
            }
            final Path kept = state.resolve("alerts.position");
            try (JournalReader outbound = JournalReader.outbound(state))
            {
                assertEquals(Long.toString(outbound.entryCount()), Files.readString(kept).trim(),
                    "a clean stop keeps the journal's end as alerted");
            }
            // As if the process had died after journaling the kill and before alerting it.
            Files.writeString(kept, "0\n");

            final HorizonDaemon second = start(state, webhook(slack.uri("/hook").toString(), "info"), restart);
            try
            {
                final Map<String, Object> caughtUp = awaitTitle(slack, "Kill switch engaged", "kill switch fired: manual");
                final String message = (String)((List<Map<String, Object>>)caughtUp.get("attachments")).get(0).get("text");
                assertTrue(message.contains("[user:" + USER + ": INC-11: crash drill]"), message);
            }
            finally
            {
                assertTrue(second.stop().drained());
            }
        }
    }

    @Test
    void shouldKeepTradingAndCountTheFailuresWhenAWebhookAnswers500OrIsDown() throws Exception
    {
        try (AlertReceiver broken = new AlertReceiver())
        {
            broken.answer(500, 0);
            final Path state = dir.resolve("state");
            final HorizonDaemon daemon = start(state,
                webhook(broken.uri("/hook").toString(), "warning") + webhook("http://127.0.0.1:" + closedPort() + "/hook", "warning"));
            final RunSummary summary;
            try
            {
                final long before = counter(stat(state), "horizon_events_processed_total");
                final Result kill = HorizonProcess.inProcess("kill", "--state", state.toString(), "--reason", "INC-8: test");
                assertEquals(0, kill.exitCode(), "the kill still goes through: " + kill);
                broken.next();
                awaitCounter(state, "horizon_alert_posts_total{sink=\"webhook\",result=\"failed\"}", 2);

                final Result reset = HorizonProcess.inProcess("reset", "--state", state.toString(), "--reason", "INC-8 closed");
                assertEquals(0, reset.exitCode(), reset::toString);
                awaitCounter(state, "horizon_events_processed_total", before + 1_000);
                assertEquals(0, counter(stat(state), "horizon_alert_posts_total{sink=\"webhook\",result=\"delivered\"}"));
            }
            finally
            {
                summary = daemon.stop();
            }
            assertTrue(summary.drained(), "a failing sink does not hold the stop back");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldAlertWhenTheAuditStoreCannotBeWrittenAndAgainWhenItRecovers() throws Exception
    {
        try (AlertReceiver slack = new AlertReceiver())
        {
            final Path state = dir.resolve("state");
            final HorizonDaemon daemon = start(state, webhook(slack.uri("/hook").toString(), "info"));
            try
            {
                awaitCounter(state, "horizon_audit_events_total", 1);
                try (Connection locker = SqliteFile.connect(state.resolve(AuditStore.FILE_NAME), SqliteFile.Access.WRITE, 100, false);
                    Statement st = locker.createStatement())
                {
                    st.execute("BEGIN EXCLUSIVE");
                    final Map<String, Object> failing = awaitTitle(slack, "Audit log flush failing");
                    assertEquals("[ERROR] Audit log flush failing", failing.get("text"));
                    final Map<String, String> fields = fields(((List<Map<String, Object>>)failing.get("attachments")).get(0));
                    assertEquals("deploy/runbooks/audit-flush-lag.md", fields.get("runbook"));
                    assertTrue(Files.isRegularFile(AlertDeliveryTest.repositoryRoot().resolve(fields.get("runbook"))), "the runbook exists");
                    assertEquals("locked", fields.get("fault"));
                    st.execute("ROLLBACK");
                }
                final Map<String, Object> recovered = awaitTitle(slack, "Audit log writable again");
                assertEquals("[INFO] Audit log writable again", recovered.get("text"));
            }
            finally
            {
                assertTrue(daemon.stop().drained());
            }
        }
    }

    @Test
    void shouldRefuseToRunWhenASinksSecretIsMissingNamingTheSinkAndTheKey() throws Exception
    {
        final Path preset = dir.resolve("pager.hz.toml");
        Files.writeString(preset, presetText(
            "\n[[alerting.sinks]]\nkind = \"pagerduty\"\nmin_severity = \"critical\"\nsecret = \"alert.test.absent_key\"\n"));
        final Path state = dir.resolve("state");

        final Result run = HorizonProcess.inProcess("run", "--preset", preset.toString(), "--state", state.toString(), "--duration", "1s");

        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.output().contains("horizon: error: alerting.sinks[1] (pagerduty) needs its secret: "), run::toString);
        assertTrue(run.output().contains("alert.test.absent_key"), run::toString);
        assertFalse(run.output().contains("\tat "), run::toString);
        // Nothing was left running: the state directory can be used at once.
        final HorizonDaemon again = start(state, "");
        assertTrue(again.stop().drained());
    }

    private HorizonDaemon start(final Path state, final String sinks) throws Exception
    {
        return start(state, sinks, PresetOverrides.none());
    }

    private HorizonDaemon start(final Path state, final String sinks, final ThreadingMode threading) throws Exception
    {
        return EngineThreading.runningIn(start(state, sinks, EngineThreading.overrides(threading)), state, threading);
    }

    private HorizonDaemon start(final Path state, final String sinks, final PresetOverrides overrides) throws Exception
    {
        final Path file = dir.resolve("alerting-" + System.nanoTime() + ".hz.toml");
        Files.writeString(file, presetText(sinks));
        final Preset preset = PresetReader.read(file, overrides);
        return HorizonDaemon.start(new DaemonSettings(state, null, preset));
    }

    /**
     * The embedded paper preset, without metrics (no port to share between tests), with a log sink
     * and the given sinks.
     */
    private static String presetText(final String sinks)
    {
        final String paper = EmbeddedPresets.text(EmbeddedPresets.PAPER);
        final String withoutMetrics = paper.replace("[metrics]\nenabled = true", "[metrics]\nenabled = false");
        assertFalse(withoutMetrics.equals(paper), "the paper preset turns metrics on as expected");
        return withoutMetrics.substring(0, withoutMetrics.indexOf("[alerting]")) +
            "[alerting]\n[[alerting.sinks]]\nkind = \"log\"\nmin_severity = \"info\"\n" + sinks;
    }

    private static String webhook(final String url, final String minimum)
    {
        return "\n[[alerting.sinks]]\nkind = \"webhook\"\nmin_severity = \"" + minimum + "\"\nurl = \"" + url + "\"\n";
    }

    private static Map<String, Object> awaitTitle(final AlertReceiver receiver, final String title) throws Exception
    {
        return awaitTitle(receiver, title, "");
    }

    /**
     * @return the first alert with this title whose message starts with {@code messageStart}.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> awaitTitle(final AlertReceiver receiver, final String title, final String messageStart)
        throws Exception
    {
        final List<String> seen = new ArrayList<>();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline)
        {
            final Map<String, Object> json = JsonTree.object(receiver.next().body());
            final String text = String.valueOf(json.get("text"));
            final String message = String.valueOf(((List<Map<String, Object>>)json.get("attachments")).get(0).get("text"));
            if (text.endsWith("] " + title) && message.startsWith(messageStart))
            {
                return json;
            }
            seen.add(text + ": " + message);
        }
        throw new AssertionError("no alert '" + title + "' starting '" + messageStart + "'; saw " + seen);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> fields(final Map<String, Object> attachment)
    {
        final Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (final Map<String, Object> f : (List<Map<String, Object>>)attachment.get("fields"))
        {
            fields.put((String)f.get("title"), (String)f.get("value"));
        }
        return fields;
    }

    private static String stat(final Path state)
    {
        return HorizonProcess.inProcess("stat", "--state", state.toString(), "--once", "--all").output();
    }

    private static void awaitCounter(final Path state, final String name, final long atLeast) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = "";
        while (System.nanoTime() < deadline)
        {
            last = stat(state);
            if (counter(last, name) >= atLeast)
            {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " never reached " + atLeast + ":\n" + last);
    }

    private static long counter(final String statOutput, final String name)
    {
        for (final String line : statOutput.split("\n"))
        {
            if (line.startsWith(name + " "))
            {
                return Long.parseLong(line.substring(name.length() + 1).trim().split("\\s+")[0]);
            }
        }
        return 0;
    }

    private static int closedPort() throws Exception
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }
}
