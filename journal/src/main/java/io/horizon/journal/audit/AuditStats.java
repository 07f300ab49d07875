package io.horizon.journal.audit;

import java.util.Map;

/**
 * Counts over the audit log, for {@code horizon audit stats}.
 * <p>
 * Immutable once built; any thread.
 *
 * @param events        events counted.
 * @param firstSequence lowest sequence counted (0 when none).
 * @param lastSequence  highest sequence counted (0 when none).
 * @param firstTime     earliest timestamp, or null.
 * @param lastTime      latest timestamp, or null.
 * @param byCategory    category code to count, sorted.
 * @param bySeverity    severity to count, sorted.
 * @param byDay         UTC day ({@code 2026-11-29}) to count, sorted.
 */
public record AuditStats(
    long events,
    long firstSequence,
    long lastSequence,
    String firstTime,
    String lastTime,
    Map<String, Long> byCategory,
    Map<String, Long> bySeverity,
    Map<String, Long> byDay)
{
}
