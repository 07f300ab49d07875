package io.horizon.fix;

import java.util.Locale;

import io.horizon.engine.counter.EngineCounters;
import org.agrona.concurrent.status.AtomicCounter;
import uk.co.real_logic.artio.messages.DisconnectReason;

/**
 * A FIX venue's counters, exported as {@code horizon_venue_*{venue="NAME"}} (beside the session
 * state gauge {@code horizon_venue_session_state}): orders, cancels and replaces sent, messages the
 * session delivered to us, logons, failed logons and drops, duplicate ExecIDs dropped, and
 * inbound messages refused, logons the venue refused, order-status differences reconciliation
 * reported, ResendRequests the venue sent (a storm of them means it keeps missing our messages), and
 * reports for orders already over ({@link LateReports}), and the commands that found Artio's library
 * publication back-pressured (a counter) and wait now (a gauge, {@link BackPressuredSends}), and,
 * with {@code when_down = "wait"} ({@link HeldOrders}), the commands held for the logon now (a
 * gauge) and since the start: held, released after a logon, dead-lettered past
 * {@code wait_limit_ms}, and dead-lettered at once because {@code wait_max_orders} were held
 * already; when the session last logged on or went down
 * ({@code horizon_venue_session_state_age_seconds}, an epoch-nanosecond instant exported as its
 * age, read by {@code horizon stat} as "up 0h01m05s" / "down 0h00m09s"), and the drops Artio's engine
 * made because it could not write to the venue's connection fast enough
 * ({@code horizon_venue_slow_consumer_disconnects_total}, a subset of the drops); the drops again by
 * Artio's {@link DisconnectReason} ({@code horizon_venue_disconnect_reasons_total{venue,reason}}, one
 * series per reason made at the start, so a drop allocates nothing; {@code reason="unknown"} for a drop
 * during the logon whose reason Artio did not say), and the inbound messages that were not well-formed
 * FIX: bad framing, BeginString, BodyLength or CheckSum, or a tag Horizon needs missing
 * ({@code horizon_venue_invalid_messages_total}, {@link InvalidInput}).
 * <p>
 * Threading: written by the venue's polling thread; read by anyone (the metrics sampler,
 * {@code horizon stat}).
 */
final class FixSessionCounters
{
    /**
     * Counter name (before labels) of the instant, epoch nanoseconds, the session last logged on or
     * last went down (its start while it never logged on); exported as its age in seconds.
     */
    static final String SESSION_STATE_SINCE = "horizon_venue_session_state_age_seconds";

    final AtomicCounter messagesOut;
    final AtomicCounter messagesIn;
    final AtomicCounter logons;
    final AtomicCounter logonFailures;
    final AtomicCounter disconnects;
    final AtomicCounter duplicateExecIds;
    final AtomicCounter refusedMessages;
    final AtomicCounter logonRejects;
    final AtomicCounter reconciledDifferences;
    final AtomicCounter resendRequests;
    final AtomicCounter lateReports;
    final AtomicCounter backPressured;
    final AtomicCounter deferredCommands;
    final AtomicCounter heldCommands;
    final AtomicCounter held;
    final AtomicCounter heldReleased;
    final AtomicCounter heldExpired;
    final AtomicCounter holdFull;
    final AtomicCounter sessionStateSince;
    final AtomicCounter slowConsumerDisconnects;
    final AtomicCounter invalidMessages;
    /** By {@link DisconnectReason#ordinal()}; {@link DisconnectReason#NULL_VAL}'s is {@code reason="unknown"}. */
    private final AtomicCounter[] disconnectReasons;

    FixSessionCounters(final EngineCounters counters, final String venue)
    {
        final String label = "{venue=\"" + EngineCounters.labelValue(venue) + "\"}";
        messagesOut = counters.counter("horizon_venue_messages_out_total" + label, EngineCounters.TYPE_PLAIN);
        messagesIn = counters.counter("horizon_venue_messages_in_total" + label, EngineCounters.TYPE_PLAIN);
        logons = counters.counter("horizon_venue_logons_total" + label, EngineCounters.TYPE_PLAIN);
        logonFailures = counters.counter("horizon_venue_logon_failures_total" + label, EngineCounters.TYPE_PLAIN);
        disconnects = counters.counter("horizon_venue_disconnects_total" + label, EngineCounters.TYPE_PLAIN);
        duplicateExecIds = counters.counter("horizon_venue_duplicate_exec_ids_total" + label, EngineCounters.TYPE_PLAIN);
        refusedMessages = counters.counter("horizon_venue_refused_messages_total" + label, EngineCounters.TYPE_PLAIN);
        logonRejects = counters.counter("horizon_venue_logon_rejects_total" + label, EngineCounters.TYPE_PLAIN);
        reconciledDifferences = counters.counter("horizon_venue_reconciled_differences_total" + label,
            EngineCounters.TYPE_PLAIN);
        resendRequests = counters.counter("horizon_venue_resend_requests_total" + label, EngineCounters.TYPE_PLAIN);
        lateReports = counters.counter("horizon_venue_late_reports_total" + label, EngineCounters.TYPE_PLAIN);
        backPressured = counters.counter("horizon_venue_back_pressured_total" + label, EngineCounters.TYPE_PLAIN);
        deferredCommands = counters.counter("horizon_venue_deferred_commands" + label, EngineCounters.TYPE_GAUGE);
        heldCommands = counters.counter("horizon_venue_held_commands" + label, EngineCounters.TYPE_GAUGE);
        held = counters.counter("horizon_venue_held_total" + label, EngineCounters.TYPE_PLAIN);
        heldReleased = counters.counter("horizon_venue_held_released_total" + label, EngineCounters.TYPE_PLAIN);
        heldExpired = counters.counter("horizon_venue_held_expired_total" + label, EngineCounters.TYPE_PLAIN);
        holdFull = counters.counter("horizon_venue_hold_full_total" + label, EngineCounters.TYPE_PLAIN);
        sessionStateSince = counters.counter(SESSION_STATE_SINCE + label, EngineCounters.TYPE_EPOCH_NANOS);
        slowConsumerDisconnects = counters.counter("horizon_venue_slow_consumer_disconnects_total" + label,
            EngineCounters.TYPE_PLAIN);
        invalidMessages = counters.counter("horizon_venue_invalid_messages_total" + label, EngineCounters.TYPE_PLAIN);
        final DisconnectReason[] reasons = DisconnectReason.values();
        disconnectReasons = new AtomicCounter[reasons.length];
        for (final DisconnectReason reason : reasons)
        {
            disconnectReasons[reason.ordinal()] = counters.counter(DISCONNECT_REASONS + "{venue=\"" +
                EngineCounters.labelValue(venue) + "\",reason=\"" + reasonLabel(reason) + "\"}", EngineCounters.TYPE_PLAIN);
        }
    }

    /** Counter name (before labels) of the drops by Artio's reason. */
    static final String DISCONNECT_REASONS = "horizon_venue_disconnect_reasons_total";

    /**
     * @param reason Artio's reason, or {@code null} when it is not known.
     * @return the counter of drops for that reason (no allocation).
     */
    AtomicCounter disconnects(final DisconnectReason reason)
    {
        return disconnectReasons[(reason == null ? DisconnectReason.NULL_VAL : reason).ordinal()];
    }

    /**
     * @param reason Artio's reason.
     * @return its {@code reason} label: the name in lower case, {@code unknown} for {@link DisconnectReason#NULL_VAL}.
     */
    static String reasonLabel(final DisconnectReason reason)
    {
        return reason == DisconnectReason.NULL_VAL ? "unknown" : reason.name().toLowerCase(Locale.ROOT);
    }
}
