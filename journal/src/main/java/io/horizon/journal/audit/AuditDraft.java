package io.horizon.journal.audit;

import java.util.Objects;

/**
 * An audit event before the store gives it its identity: everything except {@code event_id},
 * {@code sequence}, {@code prev_hash} and {@code hash}, which {@link AuditStore} assigns inside
 * the transaction that chains it.
 * <p>
 * Fluent and mutable; one thread builds a draft and hands it to the store.
 */
public final class AuditDraft
{
    private final AuditCategory category;
    private final AuditSeverity severity;
    private long timestampNanos = Long.MIN_VALUE;
    private String actor = "system";
    private String accountId;
    private String clientId;
    private String venueName;
    private String correlationId;
    private String marketId;
    private String orderId;
    private String clientOrderId;
    private String message = "";
    private String payload;

    private AuditDraft(final AuditCategory category, final AuditSeverity severity)
    {
        this.category = Objects.requireNonNull(category, "category");
        this.severity = Objects.requireNonNull(severity, "severity");
    }

    /**
     * @param category what the event is about.
     * @param severity how much it matters.
     * @return a draft with actor {@code system}, stamped with the wall clock unless
     *         {@link #timestampNanos(long)} is set.
     */
    public static AuditDraft of(final AuditCategory category, final AuditSeverity severity)
    {
        return new AuditDraft(category, severity);
    }

    /**
     * @param epochNanos when it happened; events from the journal carry the journaled event time.
     * @return this.
     */
    public AuditDraft timestampNanos(final long epochNanos)
    {
        this.timestampNanos = epochNanos;
        return this;
    }

    /**
     * @param actor who caused it: {@code strategy:NAME}, {@code user:NAME}, {@code client} or {@code system}.
     * @return this.
     */
    public AuditDraft actor(final String actor)
    {
        this.actor = Objects.requireNonNull(actor, "actor");
        return this;
    }

    public AuditDraft accountId(final String accountId)
    {
        this.accountId = accountId;
        return this;
    }

    public AuditDraft clientId(final String clientId)
    {
        this.clientId = clientId;
        return this;
    }

    public AuditDraft venueName(final String venueName)
    {
        this.venueName = venueName;
        return this;
    }

    public AuditDraft correlationId(final String correlationId)
    {
        this.correlationId = correlationId;
        return this;
    }

    public AuditDraft marketId(final String marketId)
    {
        this.marketId = marketId;
        return this;
    }

    public AuditDraft orderId(final String orderId)
    {
        this.orderId = orderId;
        return this;
    }

    public AuditDraft clientOrderId(final String clientOrderId)
    {
        this.clientOrderId = clientOrderId;
        return this;
    }

    /**
     * @param message one line for people.
     * @return this.
     */
    public AuditDraft message(final String message)
    {
        this.message = Objects.requireNonNull(message, "message");
        return this;
    }

    /**
     * @param payload a JSON object with the details, or {@code null}.
     * @return this.
     */
    public AuditDraft payload(final String payload)
    {
        this.payload = payload;
        return this;
    }

    public AuditCategory category()
    {
        return category;
    }

    public AuditSeverity severity()
    {
        return severity;
    }

    /**
     * @return the event time, or {@link Long#MIN_VALUE} when the store should stamp it.
     */
    public long timestampNanos()
    {
        return timestampNanos;
    }

    public String actor()
    {
        return actor;
    }

    public String accountId()
    {
        return accountId;
    }

    public String clientId()
    {
        return clientId;
    }

    public String venueName()
    {
        return venueName;
    }

    public String correlationId()
    {
        return correlationId;
    }

    public String marketId()
    {
        return marketId;
    }

    public String orderId()
    {
        return orderId;
    }

    public String clientOrderId()
    {
        return clientOrderId;
    }

    public String message()
    {
        return message;
    }

    public String payload()
    {
        return payload;
    }

    /**
     * Gives the draft its identity in the chain.
     *
     * @return the event as it will be stored, hash still empty.
     */
    AuditEvent toEvent(final String eventId, final long sequence, final String timestamp, final String prevHash)
    {
        return new AuditEvent(eventId, sequence, timestamp, category.code(), severity.code(), actor,
            accountId, clientId, venueName, correlationId, marketId, orderId, clientOrderId, message, payload, prevHash, "");
    }

    @Override
    public String toString()
    {
        return "AuditDraft{" + category + " " + severity.code() + " " + actor + ": " + message + "}";
    }
}
