package io.horizon.ops.preset;

import java.util.List;

/**
 * One {@code [[alerting.sinks]]} entry: where alerts of at least a severity go. Delivering them
 * belongs to the alerting bridge; the preset only carries and checks the settings. Secrets are
 * named, never written in the preset.
 *
 * @param kind        {@code log}, {@code webhook} (Slack-compatible JSON) or {@code pagerduty} (Events v2).
 * @param minSeverity the least severe alert delivered: {@code info}, {@code warning}, {@code error} or {@code critical}.
 * @param url         webhook or PagerDuty endpoint, or {@code null}.
 * @param secret      name of the secret the sink needs (a webhook URL that is itself secret, the
 *                    PagerDuty routing key), or {@code null}.
 */
public record AlertSinkSettings(String kind, String minSeverity, String url, String secret)
{
    /** Sink kinds a preset may name. */
    public static final List<String> KINDS = List.of("log", "webhook", "pagerduty");
    /** Severities, least severe first. */
    public static final List<String> SEVERITIES = List.of("info", "warning", "error", "critical");
}
