package io.horizon.journal.retention;

import java.util.Locale;

import io.horizon.journal.audit.AuditEvent;

/**
 * A legal hold: events that match it are kept whatever their age. A hold names one value of one
 * field: {@code account=NAME}, {@code client=ID}, {@code market=SYMBOL}, {@code category=CODE} or
 * {@code event=ULID}. An event matching any hold is kept.
 * <p>
 * Immutable; any thread.
 *
 * @param kind  {@code account}, {@code client}, {@code market}, {@code category} or {@code event}.
 * @param value the value, compared exactly.
 */
public record LegalHold(String kind, String value)
{
    private static final String KINDS = "account, client, market, category, event";

    public LegalHold
    {
        switch (kind)
        {
            case "account":
            case "client":
            case "market":
            case "category":
            case "event":
                break;
            default:
                throw new IllegalArgumentException("'" + kind + "' is not a kind of legal hold; use one of " + KINDS +
                    ", e.g. --hold account=paper");
        }
        if (value == null || value.isBlank())
        {
            throw new IllegalArgumentException("legal hold '" + kind + "=' names no value; e.g. --hold " + kind + "=...");
        }
    }

    /**
     * @param text {@code KIND=VALUE}.
     * @return the hold.
     * @throws IllegalArgumentException naming the text when it is not a hold.
     */
    public static LegalHold parse(final String text)
    {
        final int eq = text == null ? -1 : text.indexOf('=');
        if (eq <= 0)
        {
            throw new IllegalArgumentException("'" + text + "' is not a legal hold; write KIND=VALUE with KIND one of " + KINDS +
                ", e.g. --hold market=AAPL");
        }
        return new LegalHold(text.substring(0, eq).trim().toLowerCase(Locale.ROOT), text.substring(eq + 1).trim());
    }

    /**
     * @param event an audit event.
     * @return true when the hold keeps it.
     */
    public boolean holds(final AuditEvent event)
    {
        final String field;
        switch (kind)
        {
            case "account":
                field = event.accountId();
                break;
            case "client":
                field = event.clientId();
                break;
            case "market":
                field = event.marketId();
                break;
            case "category":
                field = event.category();
                break;
            default:
                field = event.eventId();
                break;
        }
        return value.equals(field);
    }

    @Override
    public String toString()
    {
        return kind + "=" + value;
    }
}
