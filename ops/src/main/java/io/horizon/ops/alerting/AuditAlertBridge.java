package io.horizon.ops.alerting;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the audit events an operator must act on into alerts that carry their runbook: a source
 * of audit categories (in the daemon, {@link JournalAlertFollower} reading the journal) calls
 * {@link #onAuditEvent} for each event, and the few categories in the route table become alerts;
 * every other category is ignored.
 * <p>
 * The categories are the codes of {@code io.horizon.journal.audit.AuditCategory}, the stable
 * contract operators query {@code audit.db} with. A route matches its category exactly or as a
 * prefix followed by a dot. The default routes:
 * <table>
 *   <caption>default routes</caption>
 *   <tr><th>category</th><th>severity</th><th>runbook</th></tr>
 *   <tr><td>{@code killswitch.fired}</td><td>critical</td><td>{@code deploy/runbooks/kill-switch.md}</td></tr>
 *   <tr><td>{@code killswitch.reset}</td><td>info (the resolution)</td><td>{@code deploy/runbooks/kill-switch.md}</td></tr>
 *   <tr><td>{@code watchdog.halt}</td><td>critical</td><td>{@code deploy/runbooks/watchdog-halt.md}</td></tr>
 *   <tr><td>{@code feed.stale}</td><td>error</td><td>{@code deploy/runbooks/feed-stale.md}</td></tr>
 *   <tr><td>{@code feed.recovered}</td><td>info (the resolution)</td><td>{@code deploy/runbooks/feed-stale.md}</td></tr>
 *   <tr><td>{@code dlq.captured}</td><td>error</td><td>{@code deploy/runbooks/dlq.md}</td></tr>
 *   <tr><td>{@code venue.refused_message}</td><td>warning</td><td>{@code deploy/runbooks/venue-disconnect.md}</td></tr>
 * </table>
 * An event may name a more specific runbook (the engine's alerts carry one: a watchdog halt that
 * fires the kill switch points at {@code kill-switch.md}) and a severity of its own (a degraded
 * but trading feed is a warning, not an error); both win over the route's.
 * <p>
 * Each alert carries {@code runbook}, {@code category} and a {@code dedup_key} of
 * {@code horizon:GROUP[:SUBJECT]}, where the group joins a trouble with its resolution
 * ({@code feed.stale} and {@code feed.recovered} are both {@code feed}) and the subject is the
 * event's {@code subject} field ({@code feed 1}): PagerDuty merges repeats into one incident and
 * {@link AlertThrottle} holds back repeats by the same key.
 * <p>
 * Threading: any thread; never throws.
 */
public final class AuditAlertBridge
{
    /** Where runbooks live in the repository and in the deployment kit. */
    public static final String RUNBOOKS = "deploy/runbooks/";
    /** Field of an event naming what it is about within its group, e.g. {@code feed 1}. */
    public static final String SUBJECT = "subject";
    /** Field naming the runbook. */
    public static final String RUNBOOK = "runbook";
    /** Field with the key repeats share. */
    public static final String DEDUP_KEY = "dedup_key";
    /**
     * Field set to {@code true} on an alert that ends the trouble its {@link #DEDUP_KEY} names: a
     * sink with incidents (PagerDuty) resolves the incident instead of opening one.
     */
    public static final String RESOLVES = "resolves";

    /**
     * One category's alert.
     *
     * @param category the audit category (or its prefix).
     * @param severity the alert's severity.
     * @param title    the alert's title.
     * @param runbook  path of the runbook, e.g. {@code deploy/runbooks/kill-switch.md}.
     * @param group    what repeats and resolutions share in their dedup key, e.g. {@code feed}.
     * @param resolves true when the alert says the group's trouble is over ({@link #RESOLVES}).
     */
    public record Route(String category, Severity severity, String title, String runbook, String group, boolean resolves)
    {
        /**
         * A route whose alert reports a trouble (not its resolution).
         */
        public Route(final String category, final Severity severity, final String title, final String runbook, final String group)
        {
            this(category, severity, title, runbook, group, false);
        }
    }

    /** The default routes, in the order of the table above. */
    public static final List<Route> DEFAULT_ROUTES = List.of(
        new Route("killswitch.fired", Severity.CRITICAL, "Kill switch engaged", RUNBOOKS + "kill-switch.md", "killswitch"),
        new Route("killswitch.reset", Severity.INFO, "Kill switch reset", RUNBOOKS + "kill-switch.md", "killswitch", true),
        new Route("watchdog.halt", Severity.CRITICAL, "Watchdog halted trading", RUNBOOKS + "watchdog-halt.md", "watchdog"),
        new Route("feed.stale", Severity.ERROR, "Market data feed stale", RUNBOOKS + "feed-stale.md", "feed"),
        new Route("feed.recovered", Severity.INFO, "Market data feed recovered", RUNBOOKS + "feed-stale.md", "feed", true),
        new Route("dlq.captured", Severity.ERROR, "Order captured in the dead-letter queue", RUNBOOKS + "dlq.md", "dlq"),
        new Route("venue.refused_message", Severity.WARNING, "FIX venue sent a message Horizon refused",
            RUNBOOKS + "venue-disconnect.md", "venue"));

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
        return onAuditEvent(category, null, message, fields);
    }

    /**
     * @param category the audit event's category.
     * @param severity the event's own severity, or {@code null} for the route's.
     * @param message  the audit event's message.
     * @param fields   its other fields worth showing; {@code runbook} replaces the route's,
     *                 {@link #SUBJECT} refines the dedup key; may be empty or {@code null}.
     * @return true when the category has a route and an alert was sent.
     */
    public boolean onAuditEvent(
        final String category, final Severity severity, final String message, final Map<String, String> fields)
    {
        try
        {
            final Route route = route(category);
            if (route == null)
            {
                return false;
            }
            final Map<String, String> given = fields == null ? Map.of() : fields;
            final String runbook = given.get(RUNBOOK);
            final String subject = given.get(SUBJECT);
            final Map<String, String> extra = new LinkedHashMap<>();
            extra.put(RUNBOOK, runbook == null || runbook.isEmpty() ? route.runbook() : runbook);
            extra.put("category", category);
            extra.put("class", route.category());
            extra.put(DEDUP_KEY, "horizon:" + route.group() + (subject == null || subject.isEmpty() ? "" : ":" + subject));
            if (route.resolves())
            {
                extra.put(RESOLVES, "true");
            }
            given.forEach(extra::putIfAbsent);
            sink.send(severity == null ? route.severity() : severity, route.title(), message, extra);
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
