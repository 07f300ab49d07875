package io.horizon.ops.alerting;

import java.net.URI;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Posts alerts to a Slack-compatible incoming webhook: a {@code text} line for notifications and
 * one attachment, coloured by severity, with the message and one short field per extra detail
 * (the runbook among them).
 * <pre>{@code
 * {"text":"[CRITICAL] Kill switch engaged",
 *  "attachments":[{"color":"#d00000","title":"Kill switch engaged","text":"...",
 *                  "fields":[{"title":"runbook","value":"deploy/runbooks/kill-switch.md","short":true}]}]}
 * }</pre>
 * Delivery is through an {@link AlertDelivery}: queued, off the caller's thread, time-limited.
 * <p>
 * Immutable; any thread; never throws.
 */
public final class WebhookAlertSink implements AlertSink
{
    private final Supplier<URI> endpoint;
    private final Severity minimum;
    private final AlertDelivery delivery;

    /**
     * @param endpoint the webhook URL (treat it as a secret: its path is the token).
     * @param minimum  lowest severity posted.
     * @param delivery the sender.
     */
    public WebhookAlertSink(final URI endpoint, final Severity minimum, final AlertDelivery delivery)
    {
        this(() -> endpoint, minimum, delivery);
    }

    /**
     * @param endpoint the webhook URL as it stands at each send: a rotated secret takes effect at once.
     * @param minimum  lowest severity posted.
     * @param delivery the sender.
     */
    public WebhookAlertSink(final Supplier<URI> endpoint, final Severity minimum, final AlertDelivery delivery)
    {
        this.endpoint = endpoint;
        this.minimum = minimum;
        this.delivery = delivery;
    }

    @Override
    public void send(final Severity severity, final String title, final String message, final Map<String, String> extra)
    {
        try
        {
            if (severity == null || !severity.atLeast(minimum))
            {
                return;
            }
            delivery.offer(endpoint.get(), payload(severity, title, message, extra == null ? Map.of() : extra));
        }
        catch (final RuntimeException ignore)
        {
            // Never throws: a payload that cannot be built is as good as dropped.
        }
    }

    static byte[] payload(final Severity severity, final String title, final String message, final Map<String, String> extra)
    {
        return AlertJson.write(json ->
        {
            json.writeStartObject();
            json.writeStringField("text", "[" + severity.name() + "] " + AlertJson.text(title));
            json.writeArrayFieldStart("attachments");
            json.writeStartObject();
            json.writeStringField("color", color(severity));
            json.writeStringField("title", AlertJson.text(title));
            json.writeStringField("text", AlertJson.text(message));
            json.writeArrayFieldStart("fields");
            json.writeStartObject();
            json.writeStringField("title", "severity");
            json.writeStringField("value", severity.wireName());
            json.writeBooleanField("short", true);
            json.writeEndObject();
            for (final Map.Entry<String, String> e : extra.entrySet())
            {
                json.writeStartObject();
                json.writeStringField("title", AlertJson.text(e.getKey()));
                json.writeStringField("value", AlertJson.text(e.getValue()));
                json.writeBooleanField("short", true);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    private static String color(final Severity severity)
    {
        switch (severity)
        {
            case CRITICAL:
                return "#d00000";
            case ERROR:
                return "#e36209";
            case WARNING:
                return "#dbab09";
            default:
                return "#439fe0";
        }
    }
}
