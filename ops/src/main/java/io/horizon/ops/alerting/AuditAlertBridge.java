package io.horizon.ops.alerting;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the audit events an operator must act on into alerts that carry their runbook: the audit
 * log calls {@link #onAuditEvent} for each event it writes, and the few categories in the route
 * table become alerts; every other category is ignored.
 * <p>
 * A route matches its category exactly or as a prefix followed by a dot, so
 * {@code kill_switch.engaged.manual} matches {@code kill_switch.engaged}. The default routes:
 * <table>
 *   <caption>default routes</caption>
 *   <tr><th>category</th><th>severity</th><th>runbook</th></tr>
 *   <tr><td>{@code kill_switch.engaged}</td><td>critical</td><td>{@code deploy/runbooks/kill-switch.md}</td></tr>
 *   <tr><td>{@code watchdog.halt}</td><td>critical</td><td>{@code deploy/runbooks/kill-switch.md}</td></tr>
 *   <tr><td>{@code feed.stale}</td><td>error</td><td>{@code deploy/runbooks/feed-stale.md}</td></tr>
 *   <tr><td>{@code dlq.captured}</td><td>error</td><td>{@code deploy/runbooks/disaster-recovery.md}</td></tr>
 *   <tr><td>{@code audit.flush_failed}</td><td>critical</td><td>{@code deploy/runbooks/disaster-recovery.md}</td></tr>
 *   <tr><td>{@code secrets.reload_failed}</td><td>error</td><td>{@code deploy/runbooks/credential-rotation.md}</td></tr>
 * </table>
 * Threading: any thread; never throws.
 */
public final class AuditAlertBridge
{
    /** Where runbooks live in the repository and in the deployment kit. */
    public static final String RUNBOOKS = "deploy/runbooks/";

    /**
     * One category's alert.
     *
     * @param category the audit category (or its prefix).
     * @param severity the alert's severity.
     * @param title    the alert's title.
     * @param runbook  path of the runbook, e.g. {@code deploy/runbooks/kill-switch.md}.
     */
    public record Route(String category, Severity severity, String title, String runbook)
    {
    }

    /** The default routes, in the order of the table above. */
    public static final List<Route> DEFAULT_ROUTES = List.of(
        new Route("kill_switch.engaged", Severity.CRITICAL, "Kill switch engaged", RUNBOOKS + "kill-switch.md"),
        new Route("watchdog.halt", Severity.CRITICAL, "Watchdog halted trading", RUNBOOKS + "kill-switch.md"),
        new Route("feed.stale", Severity.ERROR, "Market data feed stale", RUNBOOKS + "feed-stale.md"),
        new Route("dlq.captured", Severity.ERROR, "Order captured in the dead-letter queue", RUNBOOKS + "disaster-recovery.md"),
        new Route("audit.flush_failed", Severity.CRITICAL, "Audit log flush failing", RUNBOOKS + "disaster-recovery.md"),
        new Route("secrets.reload_failed", Severity.ERROR, "Secrets reload refused", RUNBOOKS + "credential-rotation.md"));

    private final AlertSink sink;
    private final List<Route> routes;

    /**
     * @param sink where alerts go.
     */
    public AuditAlertBridge(final AlertSink sink)
    {
        this(sink, DEFAULT_ROUTES);
    }

    /**
     * @param sink   where alerts go.
     * @param routes the route table, first match wins.
     */
    public AuditAlertBridge(final AlertSink sink, final List<Route> routes)
    {
        this.sink = sink;
        this.routes = List.copyOf(routes);
    }

    /**
     * @param category the audit event's category.
     * @param message  the audit event's message.
     * @param fields   its other fields worth showing (account, venue, order id...); may be empty.
     * @return true when the category has a route and an alert was sent.
     */
    public boolean onAuditEvent(final String category, final String message, final Map<String, String> fields)
    {
        try
        {
            final Route route = route(category);
            if (route == null)
            {
                return false;
            }
            final Map<String, String> extra = new LinkedHashMap<>();
            extra.put("runbook", route.runbook());
            extra.put("category", category);
            extra.put("class", route.category());
            extra.put("dedup_key", "horizon:" + route.category());
            if (fields != null)
            {
                fields.forEach(extra::putIfAbsent);
            }
            sink.send(route.severity(), route.title(), message, extra);
            return true;
        }
        catch (final RuntimeException ignore)
        {
            return false;
        }
    }

    /**
     * @param category an audit category.
     * @return its route, or {@code null}.
     */
    public Route route(final String category)
    {
        if (category == null)
        {
            return null;
        }
        for (final Route r : routes)
        {
            if (category.equals(r.category()) || category.startsWith(r.category() + "."))
            {
                return r;
            }
        }
        return null;
    }
}
