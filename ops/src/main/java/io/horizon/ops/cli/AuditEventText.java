package io.horizon.ops.cli;

import java.util.Locale;

import io.horizon.journal.audit.AuditEvent;
import io.horizon.journal.json.JsonObjectWriter;

/**
 * Renders audit events for people (one aligned line), for tools (a JSON object with every
 * column) and for spreadsheets (an RFC 4180 CSV row with every column).
 * <p>
 * Stateless; any thread.
 */
final class AuditEventText
{
    private AuditEventText()
    {
    }

    /**
     * @return {@code SEQ TIME SEVERITY CATEGORY ACTOR [ACCOUNT MARKET] MESSAGE}.
     */
    static String line(final AuditEvent e)
    {
        return String.format(Locale.ROOT, "%8d  %s  %-8s  %-22s  %-24s  %-10s %-6s  %s",
            e.sequence(), e.timestamp(), e.severity(), e.category(), e.actor(),
            e.accountId() == null ? "-" : e.accountId(), e.marketId() == null ? "-" : e.marketId(), e.message());
    }

    /**
     * @return every column as a JSON object; the payload nested as JSON when it is JSON.
     */
    static String json(final AuditEvent e)
    {
        final JsonObjectWriter json = new JsonObjectWriter().begin();
        for (int i = 0; i < AuditEvent.COLUMNS.length; i++)
        {
            if (i == 1)
            {
                json.field("sequence", e.sequence());
            }
            else if (i != 14)
            {
                json.field(AuditEvent.COLUMNS[i], e.column(i));
            }
        }
        final String text = json.finish();
        if (e.payload() == null)
        {
            return text;
        }
        // The payload is stored JSON; embed it as such, not as a string of JSON.
        return text.substring(0, text.length() - 1) + ",\"payload\":" + (e.payload().startsWith("{") ? e.payload() :
            JsonObjectWriter.quote(e.payload())) + "}";
    }

    /**
     * @return the CSV header row.
     */
    static String csvHeader()
    {
        return String.join(",", AuditEvent.COLUMNS);
    }

    /**
     * @return every column, quoted where needed; null as an empty field.
     */
    static String csv(final AuditEvent e)
    {
        final StringBuilder sb = new StringBuilder(256);
        for (int i = 0; i < AuditEvent.COLUMNS.length; i++)
        {
            if (i > 0)
            {
                sb.append(',');
            }
            final String v = e.column(i);
            if (v == null)
            {
                continue;
            }
            if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0)
            {
                sb.append('"').append(v.replace("\"", "\"\"")).append('"');
            }
            else
            {
                sb.append(v);
            }
        }
        return sb.toString();
    }
}
