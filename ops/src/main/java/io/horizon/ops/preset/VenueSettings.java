package io.horizon.ops.preset;

import java.util.List;

/**
 * One {@code [[venues]]} entry. A preset may list several; each order goes to the first venue
 * whose {@code accounts} list its account, else the first whose {@code instruments} list its
 * instrument, else the first venue listed (the default venue).
 *
 * @param name        the venue's name in logs, metrics and audit ({@code "paper"}).
 * @param kind        {@value #PAPER} (the built-in simulated venue) or {@value #FIX} (a FIX 4.4 session).
 * @param instruments symbols routed to this venue (empty: none by instrument).
 * @param accounts    account names routed to this venue (empty: none by account).
 * @param fix         the FIX session, for kind {@value #FIX}; {@code null} otherwise.
 */
public record VenueSettings(String name, String kind, List<String> instruments, List<String> accounts, Fix fix)
{
    /** The simulated venue. */
    public static final String PAPER = "paper";
    /** A FIX 4.4 initiator session (Artio). */
    public static final String FIX = "fix";

    /**
     * A paper venue that routes nothing by instrument or account.
     *
     * @param name the venue's name.
     * @param kind its kind.
     */
    public VenueSettings(final String name, final String kind)
    {
        this(name, kind, List.of(), List.of(), null);
    }

    /**
     * Copies the lists.
     */
    public VenueSettings
    {
        instruments = List.copyOf(instruments);
        accounts = List.copyOf(accounts);
    }

    /**
     * The FIX session of a {@code kind = "fix"} venue. Credentials are never in the preset: it
     * names the secrets that hold them.
     *
     * @param host               the acceptor's host.
     * @param port               its port.
     * @param senderCompId       SenderCompID (49) we send.
     * @param targetCompId       TargetCompID (56) we send.
     * @param heartbeatSeconds   HeartBtInt (108).
     * @param reconnectMinMillis first wait before logging on again.
     * @param reconnectMaxMillis longest wait (it doubles up to it).
     * @param resetOnLogon       log on with ResetSeqNumFlag (141=Y) every time.
     * @param usernameSecret     name of the secret holding Username (553), or {@code null}.
     * @param passwordSecret     name of the secret holding Password (554), or {@code null}.
     * @param whenDown           {@value #DLQ}: an order for a session that is down goes to the
     *                           dead-letter queue at once; {@value #WAIT}: it is held and sent after
     *                           the logon (see {@code io.horizon.fix.WhenDown}).
     * @param waitLimitMillis    with {@value #WAIT}: longest an order is held before it goes to the
     *                           dead-letter queue.
     * @param waitMaxOrders      with {@value #WAIT}: most orders held at once; one more goes to the
     *                           dead-letter queue.
     * @param massStatus         {@value #AUTO}: after each logon one OrderMassStatusRequest, with the
     *                           per-order fallback when the venue rejects it; {@value #OFF}: an
     *                           OrderStatusRequest per live order only (see {@code io.horizon.fix.MassStatus}).
     * @param framer             {@value #POLLED}: Artio's framer (the socket's reader and writer)
     *                           runs on the thread that polls the venue; {@value #THREAD}: on a
     *                           thread of its own (see {@code io.horizon.fix.FramerPlacement}).
     */
    public record Fix(
        String host,
        int port,
        String senderCompId,
        String targetCompId,
        int heartbeatSeconds,
        long reconnectMinMillis,
        long reconnectMaxMillis,
        boolean resetOnLogon,
        String usernameSecret,
        String passwordSecret,
        String whenDown,
        long waitLimitMillis,
        int waitMaxOrders,
        String massStatus,
        String framer)
    {
        /** {@code when_down}: refuse at once (the default). */
        public static final String DLQ = "dlq";
        /** {@code when_down}: hold until the logon. */
        public static final String WAIT = "wait";
        /** {@code wait_limit_ms} by default. */
        public static final long DEFAULT_WAIT_LIMIT_MS = 30_000;
        /** {@code wait_max_orders} by default. */
        public static final int DEFAULT_WAIT_MAX_ORDERS = 1_024;
        /** {@code mass_status}: OrderMassStatusRequest at each logon, per-order fallback (the default). */
        public static final String AUTO = "auto";
        /** {@code mass_status}: OrderStatusRequest per live order only. */
        public static final String OFF = "off";
        /** {@code framer}: on the thread that polls the venue. */
        public static final String POLLED = "polled";
        /** {@code framer}: on a thread of its own (the default: the better tail on 2 cores, benchmarks/README.md). */
        public static final String THREAD = "thread";
    }
}
