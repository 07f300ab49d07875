package io.horizon.fix;

import java.nio.file.Path;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.engine.pipeline.WaitStrategyKind;
import io.horizon.engine.venue.VenueSessionState;
import io.horizon.fix.codecs.FixDictionaryImpl;
import io.horizon.fix.codecs.decoder.LogoutDecoder;
import org.agrona.concurrent.status.AtomicCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.co.real_logic.artio.Reply;
import uk.co.real_logic.artio.library.FixLibrary;
import uk.co.real_logic.artio.library.LibraryConfiguration;
import uk.co.real_logic.artio.library.SessionConfiguration;
import uk.co.real_logic.artio.library.SessionHandler;
import uk.co.real_logic.artio.messages.DisconnectReason;
import uk.co.real_logic.artio.messages.SessionState;
import uk.co.real_logic.artio.session.Session;

/**
 * The life of a FIX venue's one initiator session: it starts the venue's FIX engine (media
 * driver, archive, Artio engine, {@link ArtioMediaStack}), connects the Artio library on the
 * first poll, logs on after {@code reconnectMinMillis}, and again after a drop or a failed logon
 * with a back-off doubling up to {@code reconnectMaxMillis} (a drop in the middle of a logon
 * included, even one the library reports before it hands the session over); it logs out and stops everything on
 * {@link #close}, or, asked by {@link #logOut} while it is still polled, logs out and logs on no more. It keeps the session-state gauge ({@code horizon_venue_session_state}) and the
 * logon, drop (SLOW_CONSUMER drops also on their own, and every drop by Artio's reason), logon-refusal and resend-request counts and when the session last came up or went down, and tells its {@link LogonListener} each
 * time the session has logged on. Each poll also reads what Artio's framer could not frame
 * ({@link InvalidFrames}, reported to the handler's {@link InvalidInput}). Sequence numbers persist in the venue's directory.
 * <p>
 * Logs under the {@link FixVenue} logger, like every part of the venue.
 * <p>
 * Threading: the venue's polling thread, except {@link #isLoggedOn()} (any thread) and
 * {@link #close} (any thread, after polling stopped). Not thread-safe.
 */
final class FixSessionLifecycle
{
    /** Told when the session has logged on and can send. */
    @FunctionalInterface
    interface LogonListener
    {
        void onLogon();
    }

    private static final Logger LOG = LoggerFactory.getLogger(FixVenue.class);
    static final int POLL_FRAGMENT_LIMIT = 10;
    /** Tries of a claim on the library's publication before a send reports back-pressure (spins, no parking). */
    static final int OUTBOUND_CLAIM_ATTEMPTS = 4;

    private FixSessionSettings settings;
    private final Path directory;
    private final String sessionName;
    private final AtomicCounter sessionGauge;
    private final FixSessionCounters metrics;
    private final LogonListener logonListener;
    private final PolledLibraryScheduler scheduler = new PolledLibraryScheduler();
    private final ArtioMediaStack stack;
    private FixLibrary library;
    /** Reads what Artio's framer could not frame; made with the library. */
    private InvalidFrames invalidFrames;
    /** The reason of the last drop the library reported for a session not (yet) ours: a drop during the logon. */
    private DisconnectReason dropDuringLogon;
    private Reply<Session> pendingLogon;
    private Session session;
    private long nextLogonNanos;
    private long backoffNanos;
    private boolean closed;
    /** {@link #logOut} was called: no logon any more. */
    private boolean loggingOut;
    /** Logged out (or never up) after {@link #logOut}. */
    private volatile boolean loggedOut;
    private volatile boolean loggedOn;
    private long logonRejects;
    private long resendRequests;
    /** Whether {@code metrics.sessionStateSince} holds the instant of a logon (else of a drop or the start). */
    private boolean sinceLoggedOn;
    private boolean sincePublished;

    /**
     * Starts the venue's FIX engine under {@code directory}.
     *
     * @param settings      the session.
     * @param directory     where sequence numbers and the message archive live.
     * @param counters      where the session-state gauge lives, or {@code null}.
     * @param metrics       the venue's counters, or {@code null}.
     * @param logonListener told after each logon.
     */
    FixSessionLifecycle(
        final FixSessionSettings settings,
        final Path directory,
        final EngineCounters counters,
        final FixSessionCounters metrics,
        final LogonListener logonListener)
    {
        this(settings, directory, counters, metrics, logonListener, WaitStrategyKind.BACKOFF, FramerPlacement.POLLED,
            ArtioMediaStack.TERM_LENGTH);
    }

    /**
     * As above, with how the Artio engine's thread idles, where its framer runs and the library
     * channel's term length ({@link ArtioMediaStack#launch(Path, WaitStrategyKind, FramerPlacement, int)}).
     */
    FixSessionLifecycle(
        final FixSessionSettings settings,
        final Path directory,
        final EngineCounters counters,
        final FixSessionCounters metrics,
        final LogonListener logonListener,
        final WaitStrategyKind idle,
        final FramerPlacement framer,
        final int termLength)
    {
        this.settings = settings;
        this.directory = directory;
        this.sessionName = settings.sessionName();
        this.sessionGauge = counters == null ? null : VenueSessionState.gauge(counters, settings.venue());
        this.metrics = metrics;
        this.logonListener = logonListener;
        state(VenueSessionState.DOWN);
        this.stack = ArtioMediaStack.launch(directory, idle, framer, termLength);
        LOG.info("FIX session {}: framer = \"{}\": Artio's framer (the socket's reader and writer) runs {}", sessionName,
            framer.configName(), framer == FramerPlacement.POLLED ? "on the thread that polls the venue" :
                "on a thread of its own, idling as engine.wait_strategy \"" + idle.configName() + "\" says");
    }

    FixSessionSettings settings()
    {
        return settings;
    }

    /** The next logon uses these credentials. */
    void credentials(final String username, final String password)
    {
        settings = settings.withCredentials(username, password);
    }

    boolean isClosed()
    {
        return closed;
    }

    /** @return true once the session has logged on, until it drops. Any thread. */
    boolean isLoggedOn()
    {
        return loggedOn;
    }

    /** @return the session (connected, maybe not logged on yet), or {@code null}. */
    Session session()
    {
        return session;
    }

    /** @return true once the session is down for good after {@link #logOut}. Any thread. */
    boolean isLoggedOut()
    {
        return loggedOut;
    }

    /**
     * Starts the Logout while the caller still polls, so what the venue sends until it answers
     * is still delivered; no logon follows. Polling thread.
     */
    void logOut()
    {
        if (loggingOut)
        {
            return;
        }
        loggingOut = true;
        if (session != null && session.isActive() && pendingLogon == null)
        {
            LOG.info("FIX session {}: logging out (Horizon is stopping): what the venue sends until its Logout is " +
                "still journaled; orders, cancels and amends from now on are not sent (recovery sends those still " +
                "pending at the next start)", sessionName);
            session.startLogout();
        }
        else
        {
            stoppedForGood();
        }
    }

    private void stoppedForGood()
    {
        loggedOn = false;
        loggedOut = true;
        state(VenueSessionState.DOWN);
    }

    long logonRejects()
    {
        return logonRejects;
    }

    long resendRequests()
    {
        return resendRequests;
    }

    /**
     * @return where the Artio framer runs.
     */
    FramerPlacement framerPlacement()
    {
        return stack.framerPlacement();
    }

    /**
     * Invokes the Artio framer when it runs on this thread ({@link FramerPlacement#POLLED}: what
     * the venue sent is read from the socket, what the library sent is written to it), then polls
     * the library (its messages go to {@code handler}) and its agents, and moves the session on:
     * logon when due, logged on when the venue answered. The library connects at the first poll
     * ({@code FixLibrary.connect} does not wait for the engine: the engine's answer comes in by
     * later polls, the framer's included).
     *
     * @param handler what the session's messages and drops are delivered to, and invalid input.
     * @return work done.
     */
    int poll(final FixInbound handler)
    {
        if (library == null)
        {
            invalidFrames = new InvalidFrames(directory, handler.invalidInput());
            connectLibrary(handler);
        }
        int work = stack.invokeFramer();
        work += library.poll(POLL_FRAGMENT_LIMIT);
        work += invalidFrames.poll(System.nanoTime());
        work += scheduler.doWork();
        work += manageSession();
        return work;
    }

    /**
     * @return the session, when it can send.
     * @throws IllegalStateException naming the venue, the state and what was not sent, when it cannot.
     */
    Session sendableSession(final String what)
    {
        final Session session = this.session;
        if (session == null || !session.canSendMessage())
        {
            // The dead-letter queue shows the first 80 characters: the reason comes first.
            throw new IllegalStateException("not logged on: FIX venue " + settings.venue() + " (" +
                (session == null ? "no connection" : session.state()) + "); " + what + " not sent; session " + sessionName);
        }
        return session;
    }

    /** The library says a session dropped: when it is ours, log on again after the back-off. */
    void onDisconnect(final Session session, final DisconnectReason reason)
    {
        if (session != this.session && pendingLogon != null)
        {
            // Artio tells of a drop during the logon before the logon's reply: keep its reason for manageSession.
            dropDuringLogon = reason;
        }
        if (session == this.session)
        {
            this.session = null;
            countDrop(reason);
            if (loggingOut)
            {
                LOG.info("FIX session {}: logged out ({})", sessionName, reason);
                stoppedForGood();
            }
            else if (!closed)
            {
                if (reason == DisconnectReason.SLOW_CONSUMER)
                {
                    if (metrics != null)
                    {
                        metrics.slowConsumerDisconnects.incrementRelease();
                    }
                    LOG.error("FIX session {}: disconnected (SLOW_CONSUMER): Artio's engine could not write to the " +
                        "venue's connection for too long (more than its 4 MiB send buffer waiting, or nothing written for " +
                        "10 s): the venue, or this host, is not keeping up with the order rate; logon again in {} ms, " +
                        "then reconciliation settles what the venue never took (deploy/runbooks/venue-disconnect.md)",
                        sessionName, backoffNanos / 1_000_000);
                }
                else
                {
                    LOG.warn("FIX session {}: disconnected ({}{}); logon again in {} ms", sessionName, reason,
                        reasonHint(reason), backoffNanos / 1_000_000);
                }
                scheduleLogon();
            }
        }
    }

    /**
     * A Logout before we were logged on is the venue refusing our Logon: say so plainly, with the
     * venue's reason, and count it for the alert; the back-off logon keeps trying.
     */
    void onLogout(final LogoutDecoder logout)
    {
        final String text = logout.hasText() ? logout.textAsString() : "(no 58=Text)";
        if (loggingOut)
        {
            // The venue's answer to our own Logout.
            return;
        }
        if (loggedOn)
        {
            LOG.warn("FIX session {}: the venue logged us out: 58=Text {}", sessionName, text);
            return;
        }
        logonRejects++;
        if (metrics != null)
        {
            metrics.logonRejects.incrementRelease();
        }
        LOG.error("FIX session {}: the venue refused our logon (35=5 Logout, 58=Text {}); check 553=Username {} and the " +
            "password secret, and the CompIDs; logging on again with a back-off (deploy/runbooks/venue-disconnect.md)",
            sessionName, text, settings.username() == null ? "(none sent)" : settings.username());
    }

    /** The venue asked us to resend (Artio answers from its archive): counted for the resend-storm alert. */
    void onResendRequest(final int beginSeqNo, final int endSeqNo)
    {
        resendRequests++;
        if (metrics != null)
        {
            metrics.resendRequests.incrementRelease();
        }
        LOG.info("FIX session {}: the venue asked for a resend of 7=BeginSeqNo {} to 16=EndSeqNo {}", sessionName,
            beginSeqNo, endSeqNo);
    }

    /**
     * Logs out (waiting up to {@code timeoutMillis} for the peer's Logout; the calling thread
     * drives the framer meanwhile when it is polled), then stops the library and the FIX engine.
     */
    void close(final long timeoutMillis)
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            if (library != null && session != null && session.isActive())
            {
                session.startLogout();
                final long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
                while (session.isActive() && System.nanoTime() < deadline)
                {
                    stack.invokeFramer();
                    library.poll(POLL_FRAGMENT_LIMIT);
                    scheduler.doWork();
                    Thread.onSpinWait();
                }
            }
        }
        finally
        {
            if (library != null)
            {
                library.close();
            }
            if (invalidFrames != null)
            {
                invalidFrames.close();
            }
            stack.close();
            state(VenueSessionState.DOWN);
        }
    }

    private void connectLibrary(final SessionHandler handler)
    {
        final LibraryConfiguration configuration = new LibraryConfiguration()
            .sessionAcquireHandler((session, info) -> handler)
            .libraryAeronChannels(ArtioMediaStack.libraryChannels())
            .scheduler(scheduler)
            .libraryName("horizon-" + settings.venue());
        configuration.defaultHeartbeatIntervalInS(settings.heartbeatSeconds());
        // A back-pressured send returns at once (FixOrderEntry defers it, BackPressuredSends sends it after the
        // next poll) instead of parking up to a second in Artio's claim loop while nobody reads the library.
        configuration.outboundMaxClaimAttempts(OUTBOUND_CLAIM_ATTEMPTS);
        configuration.aeronContext().aeronDirectoryName(ArtioMediaStack.aeronDirectory(directory));
        // Artio's default puts the library's counters and error log in /dev/shm/fix-library-<random
        // id>: a RAM file that a killed process leaves behind at each crash. One fixed file in the
        // venue's directory is replaced at the next start instead.
        configuration.monitoringFile(ArtioMediaStack.libraryMonitoringFile(directory));
        library = FixLibrary.connect(configuration);
        nextLogonNanos = System.nanoTime();
        backoffNanos = settings.reconnectMinMillis() * 1_000_000L;
    }

    private int manageSession()
    {
        if (pendingLogon != null)
        {
            if (pendingLogon.isExecuting())
            {
                return 0;
            }
            final Reply<Session> reply = pendingLogon;
            pendingLogon = null;
            if (reply.hasCompleted())
            {
                final Session connected = reply.resultIfPresent();
                if (connected == null || isGone(connected))
                {
                    // The venue dropped the connection during the logon, and the library told us
                    // of the drop before the reply: onDisconnect did not know the session yet, so
                    // it is retried here, or the venue would stay down for good.
                    final DisconnectReason reason = dropDuringLogon;
                    countDrop(reason);
                    LOG.warn("FIX session {}: disconnected during the logon ({}, {}{}); logon again in {} ms", sessionName,
                        connected == null ? "no session" : connected.state(), reason == null ? "reason unknown" : reason,
                        reasonHint(reason), backoffNanos / 1_000_000);
                    scheduleLogon();
                    return 1;
                }
                session = connected;
                LOG.info("FIX session {}: connected, logging on", sessionName);
                return 1;
            }
            if (metrics != null)
            {
                metrics.logonFailures.incrementRelease();
            }
            LOG.warn("FIX session {}: logon failed ({}{}); next try in {} ms", sessionName, reply.state(),
                reply.error() == null ? "" : ": " + reply.error().getMessage(), backoffNanos / 1_000_000);
            scheduleLogon();
            return 1;
        }
        if (loggingOut)
        {
            if (session != null && isGone(session))
            {
                onDisconnect(session, DisconnectReason.REMOTE_DISCONNECT);
                return 1;
            }
            return 0;
        }
        if (session == null && library.isConnected() && System.nanoTime() - nextLogonNanos >= 0)
        {
            state(VenueSessionState.CONNECTING);
            final SessionConfiguration.Builder builder = SessionConfiguration.builder()
                .address(settings.host(), settings.port())
                .senderCompId(settings.senderCompId())
                .targetCompId(settings.targetCompId())
                .sequenceNumbersPersistent(true)
                .resetSeqNum(settings.resetSeqNumOnLogon())
                .fixDictionary(FixDictionaryImpl.class)
                .timeoutInMs(Math.max(1_000L, settings.heartbeatSeconds() * 1_000L));
            if (settings.username() != null)
            {
                builder.credentials(settings.username(), settings.password() == null ? "" : settings.password());
            }
            dropDuringLogon = null;
            pendingLogon = library.initiate(builder.build());
            return 1;
        }
        if (session != null && isGone(session))
        {
            // A drop the library did not report to our handler (the session was handed over while
            // the connection closed): treat it as the drop it is.
            onDisconnect(session, DisconnectReason.REMOTE_DISCONNECT);
            return 1;
        }
        if (session != null && !loggedOn && session.canSendMessage())
        {
            loggedOn = true;
            if (metrics != null)
            {
                metrics.logons.incrementRelease();
            }
            LOG.info("FIX session {}: logged on (next MsgSeqNum out {}, in {})", sessionName,
                session.lastSentMsgSeqNum() + 1, session.lastReceivedMsgSeqNum() + 1);
            backoffNanos = settings.reconnectMinMillis() * 1_000_000L;
            state(VenueSessionState.LOGGED_ON);
            logonListener.onLogon();
            return 1;
        }
        return 0;
    }

    /** Counts a drop, in all and by its reason ({@code null}: not known). */
    private void countDrop(final DisconnectReason reason)
    {
        if (metrics != null)
        {
            metrics.disconnects.incrementRelease();
            metrics.disconnects(reason).incrementRelease();
        }
    }

    /** @return what a drop reason that points at the venue's bytes means, for the log line, else "". */
    private static String reasonHint(final DisconnectReason reason)
    {
        if (reason == null)
        {
            return "";
        }
        switch (reason)
        {
            case INVALID_BODY_LENGTH:
            case INVALID_FIX_MESSAGE:
            case INCORRECT_BEGIN_STRING:
            case INVALID_SENDING_TIME:
            case MSG_SEQ_NO_TOO_LOW:
            case MSG_SEQ_NO_MISSING:
            case FIRST_MESSAGE_NOT_LOGON:
                return ": the venue sent a message Artio could not accept (horizon_venue_invalid_messages_total, the " +
                    "audit log's venue.refused_message)";
            case FIX_HEARTBEAT_TIMEOUT:
                return ": nothing from the venue for a heartbeat interval and a TestRequest";
            default:
                return "";
        }
    }

    /** @return true when the session's connection has closed (Artio says so in its state). */
    private static boolean isGone(final Session session)
    {
        final SessionState state = session.state();
        return state == SessionState.DISCONNECTED || state == SessionState.DISABLED;
    }

    private void scheduleLogon()
    {
        loggedOn = false;
        state(VenueSessionState.DOWN);
        nextLogonNanos = System.nanoTime() + backoffNanos;
        backoffNanos = Math.min(backoffNanos * 2, settings.reconnectMaxMillis() * 1_000_000L);
    }

    private void state(final VenueSessionState state)
    {
        if (sessionGauge != null)
        {
            sessionGauge.setRelease(state.code());
        }
        // When it last came up or went down (not each logon attempt of a session that stays down):
        // horizon stat's "up ..." / "down ...". A wall-clock read per change, no allocation.
        final boolean up = state == VenueSessionState.LOGGED_ON;
        if (metrics != null && (!sincePublished || up != sinceLoggedOn))
        {
            metrics.sessionStateSince.setRelease(System.currentTimeMillis() * 1_000_000L);
            sincePublished = true;
            sinceLoggedOn = up;
        }
    }
}
