package io.horizon.ops.daemon;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.counter.EngineLatency;
import io.horizon.engine.event.ControlAction;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.pipeline.OrderEntry;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.venue.Venue;
import io.horizon.engine.venue.VenueRouter;
import io.horizon.engine.venue.VenueRoutes;
import io.horizon.engine.venue.VenueSessionState;
import io.horizon.engine.venue.paper.PaperVenue;
import io.horizon.fix.FixSessionSettings;
import io.horizon.fix.FramerPlacement;
import io.horizon.fix.FixVenue;
import io.horizon.fix.MassStatus;
import io.horizon.fix.WhenDown;
import io.horizon.journal.audit.AuditDraft;
import io.horizon.ops.alerting.AlertSink;
import io.horizon.ops.preset.Preset;
import io.horizon.ops.preset.VenueSettings;
import io.horizon.ops.secrets.Secret;
import io.horizon.ops.secrets.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's venues, built from the preset's {@code [[venues]]}: paper venues in process, FIX
 * venues each with its Artio engine under {@code STATE/fix/NAME} (sequence numbers and message
 * archive), and, when there are several, a {@link VenueRouter} that sends each order to the venue
 * its account or instrument is routed to. FIX credentials come from the secrets provider.
 * <p>
 * Threading: the daemon's owning thread.
 */
final class DaemonVenues implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(DaemonVenues.class);

    private final List<VenueSettings> settings;
    private final List<Venue> venues;
    private final Venue venue;
    private VenueRefusals refusals;

    private DaemonVenues(final List<VenueSettings> settings, final List<Venue> venues, final Venue venue)
    {
        this.settings = settings;
        this.venues = venues;
        this.venue = venue;
    }

    /**
     * Builds every venue; FIX venues start their engine (no connection yet: the session logs on
     * once the pipeline goes live).
     *
     * @param preset   the preset.
     * @param state    the state directory.
     * @param counters where session gauges live.
     * @return the venues.
     */
    static DaemonVenues build(final Preset preset, final Path state, final EngineCounters counters)
    {
        final ReferenceData referenceData = preset.referenceData();
        final List<Venue> venues = new ArrayList<>();
        try
        {
            for (final VenueSettings v : preset.venues())
            {
                if (VenueSettings.FIX.equals(v.kind()))
                {
                    final VenueSettings.Fix fix = v.fix();
                    final FixVenue fixVenue = new FixVenue(new FixSessionSettings(v.name(), fix.host(), fix.port(),
                        fix.senderCompId(), fix.targetCompId(), fix.heartbeatSeconds(), fix.reconnectMinMillis(),
                        fix.reconnectMaxMillis(), null, null, fix.resetOnLogon()), referenceData,
                        state.resolve("fix").resolve(v.name()), counters, preset.engine().waitStrategy(),
                        FramerPlacement.parse(fix.framer()));
                    venues.add(fixVenue);
                    fixVenue.ordersWhileDown(WhenDown.parse(fix.whenDown()), fix.waitLimitMillis(), fix.waitMaxOrders());
                    fixVenue.massStatus(MassStatus.parse(fix.massStatus()));
                }
                else
                {
                    venues.add(new PaperVenue(referenceData, preset.engine().orderCapacity()));
                }
            }
        }
        catch (final RuntimeException ex)
        {
            venues.forEach(DaemonVenues::closeQuietly);
            throw ex;
        }
        final Venue venue = venues.size() == 1 ? venues.get(0) : router(preset, venues);
        return new DaemonVenues(preset.venues(), venues, venue);
    }

    private static VenueRouter router(final Preset preset, final List<Venue> venues)
    {
        return new VenueRouter(venues, PresetVenueRoutes.of(preset));
    }

    /**
     * @return which venue each order goes to, with the venues' names (the audit log and the
     *         dead-letter queue name each order's own venue by it).
     */
    VenueRoutes routes()
    {
        return venue instanceof VenueRouter ? ((VenueRouter)venue).routes() : VenueRoutes.single(venue.name());
    }

    /**
     * @param name a {@code [[venues]]} entry of kind "fix" (the preset reader checked it).
     * @return that venue.
     */
    FixVenue fixVenue(final String name)
    {
        for (int i = 0; i < venues.size(); i++)
        {
            if (settings.get(i).name().equals(name) && venues.get(i) instanceof FixVenue)
            {
                return (FixVenue)venues.get(i);
            }
        }
        throw new IllegalStateException("no FIX venue named \"" + name + "\" for [feed] kind = \"fix\"");
    }

    /**
     * @return true when every venue answers in process (paper venues only): no order leaves the
     *         process, so an effect may run before its cause's journal sync point.
     */
    boolean allInProcess()
    {
        for (final Venue v : venues)
        {
            if (!(v instanceof PaperVenue))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @return the venue for the pipeline's venue slot.
     */
    Venue venue()
    {
        return venue;
    }

    /**
     * Reads each FIX venue's named credentials from the secrets provider.
     *
     * @param secrets the provider.
     * @throws IllegalStateException naming the venue and the secret when one is missing.
     */
    void credentials(final Secrets secrets)
    {
        for (int i = 0; i < venues.size(); i++)
        {
            final VenueSettings.Fix fix = settings.get(i).fix();
            if (fix != null && (fix.usernameSecret() != null || fix.passwordSecret() != null))
            {
                ((FixVenue)venues.get(i)).credentials(secret(secrets, settings.get(i), fix.usernameSecret()),
                    secret(secrets, settings.get(i), fix.passwordSecret()));
            }
        }
    }

    private static String secret(final Secrets secrets, final VenueSettings venue, final String key)
    {
        if (key == null)
        {
            return null;
        }
        final Secret secret = secrets.get(key).orElseThrow(() -> new IllegalStateException("venue \"" + venue.name() +
            "\" needs the secret \"" + key + "\" for its FIX logon, and no secret of that name is set; add it to the " +
            "credentials file or the environment (see `horizon secrets check`)"));
        return secret.reveal();
    }

    /**
     * Journals each command a FIX venue holds while its session is down ({@code when_down =
     * "wait"}) as an {@code ORDER_HELD} control event. Call before the pipeline starts.
     *
     * @param orderEntry the engine's order entry.
     */
    void reportHeldOrders(final OrderEntry orderEntry)
    {
        for (final Venue v : venues)
        {
            if (v instanceof FixVenue)
            {
                ((FixVenue)v).reportHeldOrders((orderId, reason) ->
                    orderEntry.control(ControlAction.ORDER_HELD, orderId, reason) == RejectReason.NONE);
            }
        }
    }

    /**
     * Has each FIX venue time its order commands' round trips
     * ({@code horizon_venue_round_trip_latency_seconds{venue}}) into the engine's latency series,
     * which the metrics export and {@code horizon stat} publish. Call before the pipeline starts.
     *
     * @param latency the pipeline's latency series.
     */
    void timeRoundTrips(final EngineLatency latency)
    {
        for (final Venue v : venues)
        {
            if (v instanceof FixVenue)
            {
                ((FixVenue)v).timeRoundTrips(latency);
            }
        }
    }

    /**
     * Keeps what FIX venues refuse from their counterparty: an alert each, and an audit event with
     * the raw message once {@link #attachAudit} is called. Call before the pipeline starts.
     *
     * @param alerts where the alerts go.
     */
    void keepRefusals(final AlertSink alerts)
    {
        for (final Venue v : venues)
        {
            if (v instanceof FixVenue)
            {
                if (refusals == null)
                {
                    refusals = new VenueRefusals(alerts);
                }
                ((FixVenue)v).refusedMessages(refusals);
            }
        }
    }

    /**
     * @param auditLog where refused FIX messages are recorded from now on (those held meanwhile first).
     */
    void attachAudit(final Consumer<AuditDraft> auditLog)
    {
        if (refusals != null)
        {
            refusals.attach(auditLog);
        }
    }

    /**
     * Publishes the embedded (paper) venues' session state; FIX venues publish their own.
     *
     * @param counters where the gauges live.
     */
    void publishEmbeddedStates(final EngineCounters counters)
    {
        for (int i = 0; i < venues.size(); i++)
        {
            if (venues.get(i) instanceof PaperVenue)
            {
                VenueSessionState.gauge(counters, settings.get(i).name()).setRelease(VenueSessionState.EMBEDDED.code());
            }
        }
    }

    /**
     * Waits until every FIX venue has logged on, so the first orders do not find their session
     * still connecting; logs the ones that did not in time (their orders go to the dead-letter
     * queue until they do).
     *
     * @param timeoutMillis how long to wait.
     */
    void awaitLogon(final long timeoutMillis)
    {
        final long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        for (int i = 0; i < venues.size(); i++)
        {
            if (venues.get(i) instanceof FixVenue)
            {
                final FixVenue fix = (FixVenue)venues.get(i);
                while (!fix.isLoggedOn() && System.nanoTime() < deadline)
                {
                    try
                    {
                        Thread.sleep(10);
                    }
                    catch (final InterruptedException ex)
                    {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (!fix.isLoggedOn())
                {
                    LOG.warn("venue {}: FIX session not logged on after {} ms; it keeps trying, and orders for it go to " +
                        "the dead-letter queue until it is (see deploy/runbooks/venue-disconnect.md)",
                        settings.get(i).name(), timeoutMillis);
                }
            }
        }
    }

    /**
     * Logs out and stops every FIX venue. Call after the pipeline stopped.
     */
    @Override
    public void close()
    {
        venues.forEach(DaemonVenues::closeQuietly);
        if (refusals != null)
        {
            refusals.close();
        }
    }

    /**
     * Logs every FIX venue's session out while the pipeline still polls the venues and journals
     * what they report, waiting at most {@code timeoutMillis} for those logged on: a fill a venue
     * sent before its Logout is journaled, not read and dropped after the pipeline stopped. Call
     * before the pipeline's drain, from the owning thread.
     *
     * @param timeoutMillis how long to wait for the venues' Logouts.
     */
    void logOut(final long timeoutMillis)
    {
        final List<FixVenue> waiting = new ArrayList<>();
        for (final Venue v : venues)
        {
            if (v instanceof FixVenue)
            {
                final FixVenue fixVenue = (FixVenue)v;
                if (fixVenue.isLoggedOn())
                {
                    waiting.add(fixVenue);
                }
                fixVenue.logOut();
            }
        }
        final long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (!waiting.isEmpty() && System.nanoTime() - deadline < 0)
        {
            waiting.removeIf(FixVenue::isLoggedOut);
            if (!waiting.isEmpty())
            {
                LockSupport.parkNanos(1_000_000L);
            }
        }
        waiting.removeIf(FixVenue::isLoggedOut);
        for (final FixVenue v : waiting)
        {
            LOG.warn("venue {}: its FIX session did not log out within {} ms; it logs out after the drain", v.name(),
                timeoutMillis);
        }
    }

    private static void closeQuietly(final Venue venue)
    {
        try
        {
            venue.close();
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("venue {} did not close cleanly: {}", venue.name(), ex.toString());
        }
    }
}
