package io.horizon.fix;

import java.util.Objects;

/**
 * One FIX 4.4 initiator session of a {@code [[venues]]} entry of kind {@code "fix"}: where to
 * connect, who we are and who they are, and how to keep the session up. Credentials come from the
 * secrets provider, never from the preset; {@link #toString()} never prints the password.
 *
 * @param venue              the venue's name in logs, metrics and audit.
 * @param host               the acceptor's host.
 * @param port               the acceptor's port.
 * @param senderCompId       our SenderCompID (49).
 * @param targetCompId       their TargetCompID (56).
 * @param heartbeatSeconds   HeartBtInt (108) we ask for at logon.
 * @param reconnectMinMillis first wait before a new logon attempt after a failure or a drop.
 * @param reconnectMaxMillis longest wait; the wait doubles up to it.
 * @param username           Username (553), or {@code null} for none.
 * @param password           Password (554), or {@code null} for none.
 * @param resetSeqNumOnLogon true to log on with ResetSeqNumFlag (141=Y) every time.
 */
public record FixSessionSettings(
    String venue,
    String host,
    int port,
    String senderCompId,
    String targetCompId,
    int heartbeatSeconds,
    long reconnectMinMillis,
    long reconnectMaxMillis,
    String username,
    String password,
    boolean resetSeqNumOnLogon)
{
    /**
     * Checks what can be checked without a connection.
     */
    public FixSessionSettings
    {
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(senderCompId, "senderCompId");
        Objects.requireNonNull(targetCompId, "targetCompId");
        if (port < 1 || port > 65535)
        {
            throw new IllegalArgumentException("port must be 1 to 65535, got " + port);
        }
        if (heartbeatSeconds < 1)
        {
            throw new IllegalArgumentException("heartbeat must be at least 1 s, got " + heartbeatSeconds);
        }
        if (reconnectMinMillis < 1 || reconnectMaxMillis < reconnectMinMillis)
        {
            throw new IllegalArgumentException("reconnect back-off must be 1 ms <= min <= max, got " +
                reconnectMinMillis + " .. " + reconnectMaxMillis);
        }
    }

    /**
     * @return the session as logs name it: {@code venue SENDER->TARGET@host:port}.
     */
    public String sessionName()
    {
        return venue + " " + senderCompId + "->" + targetCompId + "@" + host + ":" + port;
    }

    /**
     * @param username Username (553) from the secrets provider.
     * @param password Password (554) from the secrets provider.
     * @return these settings with those credentials.
     */
    public FixSessionSettings withCredentials(final String username, final String password)
    {
        return new FixSessionSettings(venue, host, port, senderCompId, targetCompId, heartbeatSeconds,
            reconnectMinMillis, reconnectMaxMillis, username, password, resetSeqNumOnLogon);
    }

    @Override
    public String toString()
    {
        return "FixSessionSettings{" + sessionName() + ", heartbeat " + heartbeatSeconds + " s, reconnect " +
            reconnectMinMillis + ".." + reconnectMaxMillis + " ms, username " + (username == null ? "none" : "set") +
            ", password " + (password == null ? "none" : "set") + (resetSeqNumOnLogon ? ", reset on logon" : "") + "}";
    }
}
