package io.horizon.fix;

import uk.co.real_logic.artio.builder.Encoder;
import uk.co.real_logic.artio.session.Session;

/**
 * The order wire of a FIX venue: its session while logged on.
 * <p>
 * Threading: the venue's polling thread only.
 */
final class SessionWire implements OrderWire
{
    private final FixSessionLifecycle lifecycle;
    private Session session;

    SessionWire(final FixSessionLifecycle lifecycle)
    {
        this.lifecycle = lifecycle;
    }

    @Override
    public OrderWire sendable(final String what)
    {
        session = lifecycle.sendableSession(what);
        return this;
    }

    @Override
    public long trySend(final Encoder message)
    {
        return session.trySend(message);
    }

    @Override
    public int lastSentMsgSeqNum()
    {
        return session.lastSentMsgSeqNum();
    }
}
