package io.horizon.journal.audit;

import java.util.Objects;

/**
 * One stored audit event, every column of {@code audit_events} in schema order. Text columns
 * are as stored; optional ones are {@code null} when not applicable.
 * <p>
 * Immutable; any thread.
 *
 * @param eventId       ULID, 26 characters.
 * @param sequence      position in the chain: 1, 2, 3, ... with no gap.
 * @param timestamp     UTC, see {@link AuditTime}.
 * @param category      an {@link AuditCategory} code.
 * @param severity      an {@link AuditSeverity} code.
 * @param actor         {@code strategy:NAME}, {@code user:NAME}, {@code client} or {@code system}.
 * @param accountId     account name, or null.
 * @param clientId      client (session) id, or null.
 * @param venueName     venue, or null.
 * @param correlationId ties events together, e.g. {@code journal:123} for every event one journaled input caused.
 * @param marketId      instrument symbol, or null.
 * @param orderId       Horizon's internal order id, or null.
 * @param clientOrderId {@code hzn_...}, or null.
 * @param message       one line for people.
 * @param payload       a JSON object with the details, or null.
 * @param prevHash      the previous event's hash (64 zeros before the first event).
 * @param hash          SHA-256 of the {@link AuditCanonicalForm canonical form}, lower-case hex.
 */
public record AuditEvent(
    String eventId,
    long sequence,
    String timestamp,
    String category,
    String severity,
    String actor,
    String accountId,
    String clientId,
    String venueName,
    String correlationId,
    String marketId,
    String orderId,
    String clientOrderId,
    String message,
    String payload,
    String prevHash,
    String hash)
{
    /** Column names in schema order; the canonical form and exports use this order. */
    public static final String[] COLUMNS = {
        "event_id", "sequence", "timestamp", "category", "severity", "actor", "account_id", "client_id",
        "venue_name", "correlation_id", "market_id", "order_id", "client_order_id", "message", "payload",
        "prev_hash", "hash"};

    public AuditEvent
    {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(prevHash, "prevHash");
        Objects.requireNonNull(hash, "hash");
    }

    /**
     * @param index a position in {@link #COLUMNS}.
     * @return that column's value as text ({@code sequence} in decimal), or null.
     */
    public String column(final int index)
    {
        switch (index)
        {
            case 0: return eventId;
            case 1: return Long.toString(sequence);
            case 2: return timestamp;
            case 3: return category;
            case 4: return severity;
            case 5: return actor;
            case 6: return accountId;
            case 7: return clientId;
            case 8: return venueName;
            case 9: return correlationId;
            case 10: return marketId;
            case 11: return orderId;
            case 12: return clientOrderId;
            case 13: return message;
            case 14: return payload;
            case 15: return prevHash;
            case 16: return hash;
            default: throw new IndexOutOfBoundsException("no audit column " + index);
        }
    }

    /**
     * @param hash the hash to carry.
     * @return a copy with that hash.
     */
    public AuditEvent withHash(final String hash)
    {
        return new AuditEvent(eventId, sequence, timestamp, category, severity, actor, accountId, clientId, venueName,
            correlationId, marketId, orderId, clientOrderId, message, payload, prevHash, hash);
    }
}
