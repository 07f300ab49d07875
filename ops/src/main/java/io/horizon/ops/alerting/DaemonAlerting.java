package io.horizon.ops.alerting;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.journal.audit.AuditMapping;
import io.horizon.journal.flush.StoreAlerts;
import io.horizon.ops.preset.AlertSinkSettings;
import io.horizon.ops.preset.AlertingSettings;
import io.horizon.ops.secrets.Secret;
import io.horizon.ops.secrets.Secrets;
import io.horizon.ops.secrets.SecretsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running daemon's alerting, built from the preset's {@code [alerting]} table:
 * <pre>
 * journal follower ──> AuditAlertBridge ──┐
 * audit/DLQ flushers ──> StoreFaultAlerts ─┼─> count ─┬─> log sink (every alert, its own minimum)
 * follower failure ────────────────────────┘          └─> AlertThrottle ─> webhook / PagerDuty sinks,
 *                                                                           each with its minimum and
 *                                                                           its own sender thread
 * </pre>
 * The log sink is always there (at {@code info} unless the preset lists a log sink with another
 * minimum). Webhook URLs and PagerDuty routing keys named by {@code secret} are read from the
 * secrets once, at {@link #open}: a missing one stops the daemon before recovery, naming the sink
 * and the key (rotating them takes a restart, as {@code deploy/runbooks/credential-rotation.md}
 * says). No URL path, query or key is logged: only scheme, host and port.
 * <p>
 * Nothing here runs on an engine thread, and nothing blocks its caller: HTTP posts wait in a
 * bounded queue per sink, and what does not fit is dropped and counted
 * ({@code horizon_alert_posts_total{result="dropped"}}) and logged. Repeats of one condition are
 * held back from the remote sinks for {@link #REPEAT_WINDOW} ({@link AlertThrottle}), on the wall
 * clock live and on the alerts' event time for a run on recorded data ({@link AlertTime}).
 * <p>
 * Threading: {@link #open}, {@link #followJournal} and {@link #close} from the daemon's owner
 * thread; {@link #sink} and {@link #storeAlerts} may be used from any thread.
 */
public final class DaemonAlerting implements AutoCloseable
{
    /** How long repeats of one condition are held back from the remote sinks. */
    public static final Duration REPEAT_WINDOW = Duration.ofMinutes(5);
    /** How long {@link #close} waits for the follower and for each sender. */
    public static final Duration CLOSE_WAIT = Duration.ofSeconds(3);

    private static final Logger LOG = LoggerFactory.getLogger(DaemonAlerting.class);

    private final AlertSink sink;
    private final AlertThrottle throttle;
    private final List<AlertDelivery> deliveries;
    private final String description;
    private final List<Remote> remotes;
    private final AtomicReference<AlertSink> copy;
    private final AlertTime time;
    private JournalAlertFollower follower;
    private boolean closed;

    private DaemonAlerting(
        final AlertSink sink,
        final AlertThrottle throttle,
        final List<AlertDelivery> deliveries,
        final List<Remote> remotes,
        final String description,
        final AtomicReference<AlertSink> copy,
        final AlertTime time)
    {
        this.copy = copy;
        this.time = time;
        this.sink = sink;
        this.throttle = throttle;
        this.deliveries = List.copyOf(deliveries);
        this.remotes = List.copyOf(remotes);
        this.description = description;
    }

    /**
     * Builds the sinks. Reads the secrets the sinks name; starts one sender thread per HTTP sink.
     *
     * @param settings the preset's {@code [alerting]} table (already checked).
     * @param secrets  the daemon's secrets.
     * @param counters the counters file's counters, for alerting's metrics.
     * @return the alerting, ready for alerts.
     * @throws IllegalArgumentException naming the sink and the key when a secret is missing or is
     *                                  not a URL where one is needed (never the value).
     */
    public static DaemonAlerting open(
        final AlertingSettings settings, final Secrets secrets, final EngineCounters counters)
    {
        return open(settings, secrets, counters, AlertTime.wall());
    }

    /**
     * As {@link #open(AlertingSettings, Secrets, EngineCounters)}, on the given time: the wall
     * clock live, the engine's time for a run on recorded data (then repeats are throttled, and a
     * restart catches up, by the alerts' own event time; see {@link AlertTime}).
     */
    public static DaemonAlerting open(
        final AlertingSettings settings, final Secrets secrets, final EngineCounters counters, final AlertTime time)
    {
        return open(settings, secrets, counters, "horizon@" + hostName(), time);
    }

    /**
     * As {@link #open(AlertingSettings, Secrets, EngineCounters)}, with PagerDuty's {@code source}
     * given, e.g. {@code horizon@prod-1}.
     */
    public static DaemonAlerting open(
        final AlertingSettings settings, final Secrets secrets, final EngineCounters counters, final String source)
    {
        return open(settings, secrets, counters, source, AlertTime.wall());
    }

    private static DaemonAlerting open(
        final AlertingSettings settings, final Secrets secrets, final EngineCounters counters, final String source,
        final AlertTime time)
    {
        // Resolve every secret before any thread starts, so a refusal leaves nothing running.
        final List<Remote> remotes = new ArrayList<>();
        Severity logMinimum = Severity.INFO;
        final List<AlertSinkSettings> sinks = settings.sinks();
        for (int i = 0; i < sinks.size(); i++)
        {
            final AlertSinkSettings s = sinks.get(i);
            final Severity minimum = Severity.parse(s.minSeverity());
            final String where = "alerting.sinks[" + i + "] (" + s.kind() + ")";
            switch (s.kind())
            {
                case "log":
                    logMinimum = minimum;
                    break;
                case "webhook":
                    remotes.add(new Remote(s.kind(), minimum, where, s.url() == null ? s.secret() : null,
                        new AtomicReference<>(s.url() != null ? URI.create(s.url()) : urlFromSecret(secrets, s.secret(), where)),
                        null));
                    break;
                case "pagerduty":
                    remotes.add(new Remote(s.kind(), minimum, where, s.secret(),
                        new AtomicReference<>(s.url() != null ? URI.create(s.url()) : PagerDutyAlertSink.EVENTS_V2),
                        new AtomicReference<>(require(secrets, s.secret(), where))));
                    break;
                default:
                    throw new IllegalArgumentException(where + ": kind \"" + s.kind() + "\" is not known; use log, webhook or pagerduty");
            }
        }

        final AlertMetrics metrics = new AlertMetrics(counters);
        final List<AlertDelivery> deliveries = new ArrayList<>();
        final List<AlertSink> remoteSinks = new ArrayList<>();
        final StringBuilder description = new StringBuilder("log (").append(logMinimum.wireName()).append(" and above)");
        for (final Remote r : remotes)
        {
            final AlertDelivery delivery = new AlertDelivery(AlertDelivery.DEFAULT_CAPACITY, AlertDelivery.DEFAULT_TIMEOUT,
                metrics.posts(r.kind));
            deliveries.add(delivery);
            remoteSinks.add(r.routingKey == null ? new WebhookAlertSink(r.endpoint::get, r.minimum, delivery) :
                new PagerDutyAlertSink(r.endpoint.get(), r.routingKey::get, source, r.minimum, delivery));
            description.append(", ").append(r.kind).append(" to ").append(AlertDelivery.safe(r.endpoint.get()))
                .append(" (").append(r.minimum.wireName()).append(" and above)");
        }
        final AlertThrottle throttle = new AlertThrottle(
            new CompositeAlertSink(Severity.INFO, remoteSinks), REPEAT_WINDOW, time::throttleNanos, metrics);
        final AlertSink all = new CompositeAlertSink(Severity.INFO, List.of(new LogAlertSink(logMinimum), throttle));
        final AtomicReference<AlertSink> copy = new AtomicReference<>();
        final AlertSink counted = (severity, title, message, extra) ->
        {
            if (severity != null)
            {
                metrics.raised(severity);
            }
            all.send(severity, title, message, extra);
            final AlertSink also = copy.get();
            if (also != null)
            {
                also.send(severity, title, message, extra);
            }
        };
        final DaemonAlerting alerting = new DaemonAlerting(counted, throttle, deliveries, remotes, description.toString(), copy, time);
        LOG.info("alerts go to: {}", alerting.description);
        return alerting;
    }

    /**
     * The host's name without a name-service look-up (which may wait on DNS, or be refused by the
     * systemd unit's sandbox): the kernel's, then the environment's.
     */
    private static String hostName()
    {
        try
        {
            final String kernel = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            if (!kernel.isEmpty())
            {
                return kernel;
            }
        }
        catch (final IOException | RuntimeException ignore)
        {
            // Not Linux, or /proc is hidden: try the environment.
        }
        final String env = System.getenv("HOSTNAME");
        return env == null || env.isBlank() ? "unknown-host" : env.trim();
    }

    private static URI urlFromSecret(final Secrets secrets, final String key, final String where)
    {
        final String value = require(secrets, key, where).reveal().trim();
        try
        {
            final URI uri = new URI(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null)
            {
                return uri;
            }
        }
        catch (final URISyntaxException ignore)
        {
            // Reported below, without the value: it is the webhook's token.
        }
        throw new IllegalArgumentException(where + ": secret '" + key + "' does not hold an http:// or https:// URL; " +
            "store the whole webhook URL under that key (see `horizon secrets check`)");
    }

    private static Secret require(final Secrets secrets, final String key, final String where)
    {
        try
        {
            return secrets.require(key);
        }
        catch (final SecretsException ex)
        {
            throw new IllegalArgumentException(where + " needs its secret: " + ex.getMessage() +
                "; or remove the sink from the preset's [alerting] table", ex);
        }
    }

    /**
     * Re-reads the secrets the sinks use, after the daemon's secrets rotated (SIGHUP or
     * {@code horizon secrets rotate}), so a rotated webhook URL or routing key is used from the next
     * alert on. A value that no longer works (not a URL) is refused for that sink alone, which keeps
     * the one it had, and the refusal is itself alerted. Any thread (the reload's).
     *
     * @param secrets the daemon's secrets, now holding the rotated set.
     */
    public void secretsRotated(final Secrets secrets)
    {
        for (final Remote r : remotes)
        {
            if (r.secretKey() == null)
            {
                continue;
            }
            try
            {
                if (r.routingKey() != null)
                {
                    r.routingKey().set(require(secrets, r.secretKey(), r.where()));
                }
                else
                {
                    r.endpoint().set(urlFromSecret(secrets, r.secretKey(), r.where()));
                }
            }
            catch (final RuntimeException ex)
            {
                sink.send(Severity.ERROR, "Alert sink kept its old secret",
                    ex.getMessage() + "; it keeps the value it had until the secret is fixed and reloaded",
                    Map.of(AuditAlertBridge.RUNBOOK, AuditAlertBridge.RUNBOOKS + "credential-rotation.md"));
            }
        }
        LOG.info("alert sinks re-read their secrets after the rotation");
    }

    /**
     * Starts raising alerts from the outbound journal, from where the last run stopped alerting
     * ({@link JournalAlertFollower}). After recovery.
     *
     * @param stateDirectory the state directory.
     * @param mapping        the audit mapping (dead letters are named as the audit log names them).
     * @param referenceData  account names.
     */
    public void followJournal(final Path stateDirectory, final AuditMapping mapping, final ReferenceData referenceData)
    {
        follower = JournalAlertFollower.start(stateDirectory,
            new OutputAlerts(new AuditAlertBridge(sink), mapping, referenceData), throttle::flushDue, sink, time);
    }

    /**
     * Also hands every alert raised from now on to {@code also} (the counters file's recent
     * alerts, for {@code horizon stat}), whatever the sinks' minimums. Any thread.
     *
     * @param also a sink that never throws and never blocks.
     */
    public void copyTo(final AlertSink also)
    {
        copy.set(also);
    }

    /**
     * @return where the flushers raise store faults.
     */
    public StoreAlerts storeAlerts()
    {
        return new StoreFaultAlerts(sink);
    }

    /**
     * @return every alert sent here reaches the log and, throttled, the remote sinks. Never throws.
     */
    public AlertSink sink()
    {
        return sink;
    }

    /**
     * @return the sinks, e.g. {@code log (info and above), webhook to https://hooks.example.com (warning and above)}.
     */
    public String description()
    {
        return description;
    }

    /**
     * @return the follower, or {@code null} before {@link #followJournal}.
     */
    public JournalAlertFollower follower()
    {
        return follower;
    }

    /**
     * Reads the journal to its end (call after the drain and the flushers' last flush, so their
     * alerts go out too), releases held-back alerts, and posts what is queued, each step waiting
     * at most {@link #CLOSE_WAIT}. Before the counters file closes. Idempotent.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (follower != null)
        {
            follower.close(CLOSE_WAIT);
        }
        throttle.releaseAll();
        for (final AlertDelivery d : deliveries)
        {
            d.close(CLOSE_WAIT);
        }
    }

    /**
     * One HTTP sink's settings; what comes from a secret is swapped when the secrets rotate.
     *
     * @param secretKey the secret it reads, or {@code null} (a webhook whose URL is in the preset).
     */
    private record Remote(
        String kind, Severity minimum, String where, String secretKey, AtomicReference<URI> endpoint,
        AtomicReference<Secret> routingKey)
    {
    }
}
