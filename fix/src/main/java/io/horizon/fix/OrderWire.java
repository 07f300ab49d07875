package io.horizon.fix;

import uk.co.real_logic.artio.builder.Encoder;

/**
 * Where {@link FixOrderEntry} sends what it encodes: the logged-on Artio session in the venue
 * ({@link SessionWire}); a plain buffer where the order path is measured or tested without a
 * session.
 * <p>
 * Threading: the venue's polling thread only.
 */
interface OrderWire
{
    /**
     * @param what the message about to be sent, for the reason when it cannot be.
     * @return this, ready to send.
     * @throws IllegalStateException when nothing can be sent now, the reason first.
     */
    OrderWire sendable(String what);

    /**
     * @return the position sent at, or a negative Artio back-pressure code.
     */
    long trySend(Encoder message);

    /**
     * @return MsgSeqNum of the message just sent.
     */
    int lastSentMsgSeqNum();
}
