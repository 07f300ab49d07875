package io.horizon.ops.alerting;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.horizon.journal.audit.AuditCategory;
import io.horizon.ops.secrets.EnvironmentSecrets;
import io.horizon.ops.secrets.Secret;
import io.horizon.ops.secrets.Secrets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Alerts delivered to a real HTTP server on 127.0.0.1: the Slack and PagerDuty payload shapes,
 * minimum severities, the audit bridge's runbooks, and a sender that never throws and counts what
 * it could not deliver.
 */
final class AlertDeliveryTest
{
    private AlertDelivery delivery;

    @AfterEach
    void close()
    {
        if (delivery != null)
        {
            delivery.close(Duration.ofSeconds(1));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldPostASlackCompatiblePayloadWithTheRunbookAsAField() throws Exception
    {
        try (AlertReceiver slack = new AlertReceiver())
        {
            delivery = AlertDelivery.withDefaults();
            final AlertSink sink = new WebhookAlertSink(slack.uri("/services/T000/B000/token"), Severity.WARNING, delivery);
            final Map<String, String> extra = new LinkedHashMap<>();
            extra.put("runbook", "deploy/runbooks/kill-switch.md");
            extra.put("account", "paper \"main\"");
            sink.send(Severity.CRITICAL, "Kill switch engaged", "operator alice: \"fat finger\"", extra);

            final AlertReceiver.Request request = slack.next();
            assertEquals("/services/T000/B000/token", request.path());
            assertEquals("application/json", request.contentType());
            final Map<String, Object> json = JsonTree.object(request.body());
            assertEquals("[CRITICAL] Kill switch engaged", json.get("text"));
            final Map<String, Object> attachment = ((List<Map<String, Object>>)json.get("attachments")).get(0);
            assertEquals("Kill switch engaged", attachment.get("title"));
            assertEquals("operator alice: \"fat finger\"", attachment.get("text"));
            assertEquals("#d00000", attachment.get("color"));
            final List<Map<String, Object>> fields = (List<Map<String, Object>>)attachment.get("fields");
            assertTrue(fields.contains(Map.of("title", "runbook", "value", "deploy/runbooks/kill-switch.md", "short", true)), fields::toString);
            assertTrue(fields.contains(Map.of("title", "account", "value", "paper \"main\"", "short", true)), fields::toString);
            assertTrue(fields.contains(Map.of("title", "severity", "value", "critical", "short", true)), fields::toString);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldTriggerAPagerDutyEventsV2IncidentWithTheRoutingKeyFromSecrets() throws Exception
    {
        try (AlertReceiver pagerDuty = new AlertReceiver())
        {
            delivery = AlertDelivery.withDefaults();
            final Secrets secrets = new Secrets(
                new EnvironmentSecrets(Map.of("PAGERDUTY_ROUTING_KEY", "R0UT1NGKEY"), Map.of()), (k, f, a) -> { }, "daemon");
            final Secret key = secrets.require("pagerduty.routing_key");
            final AlertSink pager = new PagerDutyAlertSink(pagerDuty.uri("/v2/enqueue"), key, "horizon@test", Severity.ERROR, delivery);
            final AuditAlertBridge bridge = new AuditAlertBridge(pager);

            assertTrue(bridge.onAuditEvent("killswitch.fired", "engaged by user:alice: fat finger", Map.of("account", "paper")));

            final Map<String, Object> json = JsonTree.object(pagerDuty.next().body());
            assertEquals("R0UT1NGKEY", json.get("routing_key"));
            assertEquals("trigger", json.get("event_action"));
            assertEquals("horizon:killswitch", json.get("dedup_key"));
            final Map<String, Object> payload = (Map<String, Object>)json.get("payload");
            assertEquals("Kill switch engaged: engaged by user:alice: fat finger", payload.get("summary"));
            assertEquals("horizon@test", payload.get("source"));
            assertEquals("critical", payload.get("severity"));
            assertEquals("horizon", payload.get("component"));
            assertEquals("killswitch.fired", payload.get("class"));
            Instant.parse((String)payload.get("timestamp"));
            final Map<String, Object> details = (Map<String, Object>)payload.get("custom_details");
            assertEquals("deploy/runbooks/kill-switch.md", details.get("runbook"));
            assertEquals("paper", details.get("account"));
            assertEquals(List.of(Map.of("href", "deploy/runbooks/kill-switch.md", "text", "runbook")), json.get("links"));
        }
    }

    @Test
    void shouldResolveThePagerDutyIncidentWhenTheKillSwitchIsReset() throws Exception
    {
        try (AlertReceiver pagerDuty = new AlertReceiver())
        {
            delivery = AlertDelivery.withDefaults();
            final Secrets secrets = new Secrets(
                new EnvironmentSecrets(Map.of("PAGERDUTY_ROUTING_KEY", "R0UT1NGKEY"), Map.of()), (k, f, a) -> { }, "daemon");
            final AlertSink pager = new PagerDutyAlertSink(pagerDuty.uri("/v2/enqueue"), secrets.require("pagerduty.routing_key"),
                "horizon@test", Severity.ERROR, delivery);
            final AuditAlertBridge bridge = new AuditAlertBridge(pager);

            assertTrue(bridge.onAuditEvent("killswitch.fired", "engaged by user:alice: fat finger", Map.of()));
            assertTrue(bridge.onAuditEvent("killswitch.reset", "reset by user:bob: all clear", Map.of()));

            assertEquals("trigger", JsonTree.object(pagerDuty.next().body()).get("event_action"));
            final Map<String, Object> resolve = JsonTree.object(pagerDuty.next().body());
            assertEquals(Map.of("routing_key", "R0UT1NGKEY", "event_action", "resolve", "dedup_key", "horizon:killswitch"), resolve,
                "an info resolution still reaches an error-minimum sink, as a resolve of the same incident");
        }
    }

    @Test
    void shouldSendOnlyAlertsAtOrAboveEachSinksMinimum() throws Exception
    {
        try (AlertReceiver chat = new AlertReceiver(); AlertReceiver pager = new AlertReceiver())
        {
            delivery = AlertDelivery.withDefaults();
            final Secret key = new Secrets(new EnvironmentSecrets(Map.of("PD", "k"), Map.of("pd.key", "PD")), (k, f, a) -> { }, "t")
                .require("pd.key");
            final AlertSink all = new CompositeAlertSink(Severity.INFO, List.of(
                new LogAlertSink(Severity.INFO),
                new WebhookAlertSink(chat.uri("/chat"), Severity.WARNING, delivery),
                new PagerDutyAlertSink(pager.uri("/pd"), key, "t", Severity.CRITICAL, delivery)));

            all.send(Severity.INFO, "info only", "", Map.of());
            all.send(Severity.WARNING, "feed slow", "", Map.of());
            all.send(Severity.CRITICAL, "halted", "", Map.of());

            // One sender thread, in order: had the INFO alert been posted, it would come first.
            assertEquals("[WARNING] feed slow", JsonTree.object(chat.next().body()).get("text"));
            assertEquals("[CRITICAL] halted", JsonTree.object(chat.next().body()).get("text"));
            assertEquals("critical", ((Map<?, ?>)JsonTree.object(pager.next().body()).get("payload")).get("severity"));
            delivery.close(Duration.ofSeconds(5));
            assertEquals(3, delivery.delivered());
            assertEquals(0, chat.received() + pager.received(), "nothing else was posted");
        }
    }

    @Test
    void shouldMapEachAuditCategoryToItsRunbookAndIgnoreTheRest()
    {
        for (final AuditAlertBridge.Route route : AuditAlertBridge.DEFAULT_ROUTES)
        {
            assertTrue(AuditCategory.fromCode(route.category()) != null, route.category() + " is a real audit category");
            assertTrue(Files.isRegularFile(repositoryRoot().resolve(route.runbook())), route.runbook() + " exists");
        }
        final List<String[]> sent = new java.util.ArrayList<>();
        final AuditAlertBridge bridge = new AuditAlertBridge(
            (severity, title, message, extra) -> sent.add(new String[]{severity.name(), title, extra.get("runbook"), extra.get("dedup_key")}));

        assertTrue(bridge.onAuditEvent("killswitch.fired", "m", Map.of()));
        assertTrue(bridge.onAuditEvent("killswitch.reset", "m", Map.of()));
        assertTrue(bridge.onAuditEvent("watchdog.halt", "m", Map.of("runbook", "deploy/runbooks/kill-switch.md")));
        assertTrue(bridge.onAuditEvent("feed.stale", Severity.WARNING, "m", Map.of("subject", "feed 1")));
        assertTrue(bridge.onAuditEvent("feed.recovered", "m", Map.of("subject", "feed 1")));
        assertTrue(bridge.onAuditEvent("dlq.captured", "m", Map.of()));
        assertFalse(bridge.onAuditEvent("order.filled", "m", Map.of()));
        assertFalse(bridge.onAuditEvent("feed.staleness", "m", Map.of()), "a prefix matches only at a dot");
        assertFalse(bridge.onAuditEvent(null, "m", null));

        assertEquals(List.of(
            "CRITICAL|Kill switch engaged|deploy/runbooks/kill-switch.md|horizon:killswitch",
            "INFO|Kill switch reset|deploy/runbooks/kill-switch.md|horizon:killswitch",
            "CRITICAL|Watchdog halted trading|deploy/runbooks/kill-switch.md|horizon:watchdog",
            "WARNING|Market data feed stale|deploy/runbooks/feed-stale.md|horizon:feed:feed 1",
            "INFO|Market data feed recovered|deploy/runbooks/feed-stale.md|horizon:feed:feed 1",
            "ERROR|Order captured in the dead-letter queue|deploy/runbooks/dlq.md|horizon:dlq"),
            sent.stream().map(s -> String.join("|", s)).toList());
    }

    @Test
    void shouldNeverThrowOrBlockAndCountDropsAndFailures() throws Exception
    {
        try (AlertReceiver slow = new AlertReceiver())
        {
            slow.answer(200, 2_000);
            delivery = new AlertDelivery(2, Duration.ofMillis(300));
            final AlertSink sink = new WebhookAlertSink(slow.uri("/hook"), Severity.INFO, delivery);
            for (int i = 0; i < 20; i++)
            {
                sink.send(Severity.ERROR, "alert " + i, null, null);
            }
            assertTrue(delivery.dropped() >= 17, "a full queue drops and counts: dropped " + delivery.dropped());
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (delivery.failed() + delivery.delivered() + delivery.dropped() < 20 && System.nanoTime() < deadline)
            {
                Thread.sleep(50);
            }
            assertEquals(20, delivery.failed() + delivery.delivered() + delivery.dropped(), "every alert is accounted for");
            assertTrue(delivery.failed() >= 1, "a post slower than the time limit fails: failed " + delivery.failed());
        }
    }

    @Test
    void shouldCountAPostToANonListeningPortAsFailed() throws Exception
    {
        final int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            port = s.getLocalPort();
        }
        delivery = new AlertDelivery(8, Duration.ofSeconds(2));
        new WebhookAlertSink(URI.create("http://127.0.0.1:" + port + "/hook"), Severity.INFO, delivery)
            .send(Severity.CRITICAL, "nobody listens", "m", Map.of());
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (delivery.failed() == 0 && System.nanoTime() < deadline)
        {
            Thread.sleep(20);
        }
        assertEquals(1, delivery.failed());
        assertEquals(0, delivery.delivered());
    }

    @Test
    void shouldLogOnlyTheEndpointsHostNeverItsTokenPath()
    {
        assertEquals("https://hooks.example:8443", AlertDelivery.safe(URI.create("https://hooks.example:8443/services/SECRET?x=y")));
    }

    static Path repositoryRoot()
    {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("deploy/runbooks")))
        {
            dir = dir.getParent();
        }
        if (dir == null)
        {
            throw new AssertionError("no deploy/runbooks above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
