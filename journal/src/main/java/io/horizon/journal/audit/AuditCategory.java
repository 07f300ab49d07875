package io.horizon.journal.audit;

import java.util.HashMap;
import java.util.Map;

/**
 * What an audit event is about. The codes ({@code order.filled}, {@code killswitch.fired}, ...)
 * are stored in the {@code category} column and are a stable contract with operators, their
 * queries and their dashboards: add new ones, never rename or reuse one.
 * <p>
 * Which journal entry produces which category is documented in {@code journal/README.md} and
 * implemented in {@link AuditMapping}. Immutable; any thread.
 */
public enum AuditCategory
{
    /** The daemon started (written by the daemon, not from the journal). */
    SYSTEM_START("system.start"),
    /** The daemon stopped after draining (written by the daemon). */
    SYSTEM_STOP("system.stop"),
    /** The engine replayed the journal after a restart and reconciled its live orders with the venue. */
    SYSTEM_RECOVERY("system.recovery"),
    /** A limit or other setting changed at run time. */
    CONFIG_CHANGE("config.change"),
    /** A secret was read (written by the secrets configuration). */
    SECRET_ACCESS("secret.access"),
    /** An order passed risk and was sent to the venue. */
    ORDER_SUBMITTED("order.submitted"),
    /** The venue accepted an order. */
    ORDER_ACKNOWLEDGED("order.acknowledged"),
    /** An order was refused: by risk, by the venue, or because the venue call failed. */
    ORDER_REJECTED("order.rejected"),
    /** An order was filled, in part or in full. */
    ORDER_FILLED("order.filled"),
    /** An order was cancelled at the venue. */
    ORDER_CANCELED("order.canceled"),
    /** A cancel was sent to the venue. */
    ORDER_CANCEL_REQUESTED("order.cancel_requested"),
    /** A cancel was refused. */
    ORDER_CANCEL_REJECTED("order.cancel_rejected"),
    /** An amend was sent to the venue. */
    ORDER_AMEND_REQUESTED("order.amend_requested"),
    /** The venue applied an amend. */
    ORDER_AMENDED("order.amended"),
    /** An amend was refused. */
    ORDER_AMEND_REJECTED("order.amend_rejected"),
    /** The venue expired the rest of an order. */
    ORDER_EXPIRED("order.expired"),
    /** Any other execution report (a report type added after this list). */
    ORDER_UPDATED("order.updated"),
    /** A pre-trade risk decision worth keeping (for the risk layers' alerts). */
    RISK_DECISION("risk.decision"),
    /** The kill switch engaged. */
    KILLSWITCH_FIRED("killswitch.fired"),
    /** The kill switch was reset, with a reason. */
    KILLSWITCH_RESET("killswitch.reset"),
    /** The watchdog halted trading. */
    WATCHDOG_HALT("watchdog.halt"),
    /** A feed went quiet beyond its limit. */
    FEED_STALE("feed.stale"),
    /** A stale feed delivers again. */
    FEED_RECOVERED("feed.recovered"),
    /** A failed venue call or an engine error was put in the dead-letter queue. */
    DLQ_CAPTURED("dlq.captured"),
    /** An operator dismissed a dead-letter entry, with a reason. */
    DLQ_DISMISSED("dlq.dismissed"),
    /** An operator sent a dead-lettered order again. */
    DLQ_REDRIVEN("dlq.redriven"),
    /** A handler raised while processing an event. */
    ENGINE_ERROR("engine.error"),
    /**
     * An operator's (or an outside hook's) command as the engine received it: kill, reset, limit
     * change. What it did follows as its own event ({@code killswitch.fired}, {@code config.change},
     * {@code killswitch.reset_refused}, ...), because a command can be refused or change nothing.
     */
    CONTROL_RECEIVED("control.received"),
    /** A kill switch reset was refused (it carried no reason); the switch stays engaged. */
    KILLSWITCH_RESET_REFUSED("killswitch.reset_refused"),
    /** An engine output of a kind this release does not map yet; kept rather than dropped. */
    ENGINE_OUTPUT("engine.output"),
    /** Retention removed expired events from the live store (after archiving them). */
    AUDIT_RETENTION("audit.retention"),
    /** The journal lifecycle moved a journal cycle file to the archive (written by the daemon, not from the journal). */
    JOURNAL_CYCLE_ARCHIVED("journal.cycle_archived"),
    /** The journal lifecycle deleted a journal cycle file (written by the daemon, not from the journal). */
    JOURNAL_CYCLE_DELETED("journal.cycle_deleted"),
    /** A FIX venue refused an inbound message (unknown ClOrdID, overfill, duplicate ExecID, unreadable); the raw message is kept. */
    VENUE_REFUSED_MESSAGE("venue.refused_message");

    private static final Map<String, AuditCategory> BY_CODE = new HashMap<>();

    static
    {
        for (final AuditCategory c : values())
        {
            BY_CODE.put(c.code, c);
        }
    }

    private final String code;

    AuditCategory(final String code)
    {
        this.code = code;
    }

    /**
     * @return the stored code, e.g. {@code "order.filled"}.
     */
    public String code()
    {
        return code;
    }

    /**
     * @param code a stored code.
     * @return the category, or {@code null} when unknown.
     */
    public static AuditCategory fromCode(final String code)
    {
        return BY_CODE.get(code);
    }

    @Override
    public String toString()
    {
        return code;
    }
}
