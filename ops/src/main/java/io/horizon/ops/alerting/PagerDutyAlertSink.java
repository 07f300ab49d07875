package io.horizon.ops.alerting;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

import io.horizon.ops.secrets.Secret;

/**
 * Triggers PagerDuty incidents with Events API v2 payloads, posted to a configurable URL (the
 * public {@code https://events.pagerduty.com/v2/enqueue}, or a relay):
 * <pre>{@code
 * {"routing_key":"…","event_action":"trigger","dedup_key":"kill_switch",
 *  "payload":{"summary":"Kill switch engaged: …","source":"horizon@host","severity":"critical",
 *             "timestamp":"2026-11-29T14:30:00Z","component":"horizon","class":"kill_switch",
 *             "custom_details":{"runbook":"deploy/runbooks/kill-switch.md", …}},
 *  "links":[{"href":"deploy/runbooks/kill-switch.md","text":"runbook"}]}
 * }</pre>
 * The routing key is a {@link Secret}: it goes into the payload and nowhere else. The extra
 * details {@code dedup_key} and {@code class}, when given, become those fields. An alert marked
 * {@link AuditAlertBridge#RESOLVES} (kill switch reset, feed recovered, store writable again) is
 * sent as {@code {"event_action":"resolve","dedup_key":…}}, whatever the sink's minimum, so the
 * incident its trouble opened closes by itself.
 * <p>
 * Immutable; any thread; never throws.
 */
public final class PagerDutyAlertSink implements AlertSink
{
    /** PagerDuty's public Events API v2 endpoint. */
    public static final URI EVENTS_V2 = URI.create("https://events.pagerduty.com/v2/enqueue");

    private final URI endpoint;
    private final Supplier<Secret> routingKey;
    private final String source;
    private final Severity minimum;
    private final AlertDelivery delivery;

    /**
     * @param endpoint   where to post, usually {@link #EVENTS_V2}.
     * @param routingKey the integration's routing key.
     * @param source     which host or deployment alerts, e.g. {@code horizon@prod-1}.
     * @param minimum    lowest severity posted (pages are for ERROR and CRITICAL, usually).
     * @param delivery   the sender.
     */
    public PagerDutyAlertSink(
        final URI endpoint, final Secret routingKey, final String source, final Severity minimum, final AlertDelivery delivery)
    {
        this(endpoint, () -> routingKey, source, minimum, delivery);
    }

    /**
     * As above, with the routing key as it stands at each send: a rotated key takes effect at once.
     */
    public PagerDutyAlertSink(
        final URI endpoint, final Supplier<Secret> routingKey, final String source, final Severity minimum,
        final AlertDelivery delivery)
    {
        this.endpoint = endpoint;
        this.routingKey = routingKey;
        this.source = source;
        this.minimum = minimum;
        this.delivery = delivery;
    }

    @Override
    public void send(final Severity severity, final String title, final String message, final Map<String, String> extra)
    {
        try
        {
            final Map<String, String> details = extra == null ? Map.of() : extra;
            final String dedupKey = details.get(AuditAlertBridge.DEDUP_KEY);
            if ("true".equals(details.get(AuditAlertBridge.RESOLVES)) && dedupKey != null)
            {
                // Below the minimum on purpose: the incident it ends was opened at a higher severity
                // (resolving one that was never opened is a no-op at PagerDuty).
                delivery.offer(endpoint, resolution(routingKey.get().reveal(), dedupKey));
                return;
            }
            if (severity == null || !severity.atLeast(minimum))
            {
                return;
            }
            delivery.offer(endpoint, payload(routingKey.get().reveal(), source, Instant.now(), severity, title, message,
                details));
        }
        catch (final RuntimeException ignore)
        {
            // Never throws: a payload that cannot be built is as good as dropped.
        }
    }

    static byte[] resolution(final String routingKey, final String dedupKey)
    {
        return AlertJson.write(json ->
        {
            json.writeStartObject();
            json.writeStringField("routing_key", routingKey);
            json.writeStringField("event_action", "resolve");
            json.writeStringField("dedup_key", dedupKey);
            json.writeEndObject();
        });
    }

    static byte[] payload(
        final String routingKey,
        final String source,
        final Instant now,
        final Severity severity,
        final String title,
        final String message,
        final Map<String, String> extra)
    {
        return AlertJson.write(json ->
        {
            json.writeStartObject();
            json.writeStringField("routing_key", routingKey);
            json.writeStringField("event_action", "trigger");
            if (extra.containsKey("dedup_key"))
            {
                json.writeStringField("dedup_key", extra.get("dedup_key"));
            }
            json.writeObjectFieldStart("payload");
            final String summary = AlertJson.text(title) + (message == null || message.isEmpty() ? "" : ": " + message);
            // PagerDuty cuts summaries at 1024 characters; cut here so the cut is ours.
            json.writeStringField("summary", summary.length() > 1024 ? summary.substring(0, 1021) + "..." : summary);
            json.writeStringField("source", AlertJson.text(source));
            json.writeStringField("severity", severity == Severity.CRITICAL ? "critical" :
                severity == Severity.ERROR ? "error" : severity == Severity.WARNING ? "warning" : "info");
            json.writeStringField("timestamp", now.toString());
            json.writeStringField("component", "horizon");
            if (extra.containsKey("class"))
            {
                json.writeStringField("class", extra.get("class"));
            }
            json.writeObjectFieldStart("custom_details");
            for (final Map.Entry<String, String> e : extra.entrySet())
            {
                json.writeStringField(AlertJson.text(e.getKey()), AlertJson.text(e.getValue()));
            }
            json.writeEndObject();
            json.writeEndObject();
            if (extra.containsKey("runbook"))
            {
                json.writeArrayFieldStart("links");
                json.writeStartObject();
                json.writeStringField("href", extra.get("runbook"));
                json.writeStringField("text", "runbook");
                json.writeEndObject();
                json.writeEndArray();
            }
            json.writeEndObject();
        });
    }
}
