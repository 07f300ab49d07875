package io.horizon.fix;

import uk.co.real_logic.artio.session.Session;
import uk.co.real_logic.artio.util.AsciiBuffer;

/**
 * Something else that speaks on a {@link FixVenue}'s session besides order entry, such as FIX
 * market data ({@link io.horizon.fix.marketdata.FixMarketDataFeed}): it sees the session each time
 * the venue is polled and is offered each application message before the venue reads it.
 * <p>
 * Threading: called only on the thread that polls the venue; it must not block.
 */
public interface FixSessionListener
{
    /**
     * Called on every poll of the venue.
     *
     * @param loggedOn the session when it is logged on and can send, else {@code null}; a new
     *                 object after each reconnect.
     * @return work done (0 when idle).
     */
    int doWork(Session loggedOn);

    /**
     * An application message arrived on the session.
     *
     * @param buffer      the message's bytes.
     * @param offset      where it starts.
     * @param length      its length.
     * @param messageType Artio's packed MsgType (35).
     * @return true when the message was this listener's (the venue then ignores it).
     */
    boolean onMessage(AsciiBuffer buffer, int offset, int length, long messageType);
}
