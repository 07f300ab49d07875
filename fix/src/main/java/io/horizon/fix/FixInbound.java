package io.horizon.fix;

import java.util.List;

import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.horizon.engine.venue.VenueResponses;
import io.horizon.fix.codecs.decoder.BusinessMessageRejectDecoder;
import io.horizon.fix.codecs.decoder.ExecutionReportDecoder;
import io.horizon.fix.codecs.decoder.LogoutDecoder;
import io.horizon.fix.codecs.decoder.OrderCancelRejectDecoder;
import io.horizon.fix.codecs.decoder.RejectDecoder;
import io.horizon.fix.codecs.decoder.ResendRequestDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.co.real_logic.artio.dictionary.generation.CodecUtil;
import uk.co.real_logic.artio.library.OnMessageInfo;
import uk.co.real_logic.artio.library.SessionHandler;
import uk.co.real_logic.artio.messages.DisconnectReason;
import uk.co.real_logic.artio.session.Session;
import uk.co.real_logic.artio.util.MutableAsciiBuffer;

/**
 * What the session delivers, routed: each application message is offered first to the attached
 * {@link FixSessionListener} (FIX market data), then decoded and handed to
 * {@link ExecutionReports}, {@link OrderRejects} or, for Logout, ResendRequest and drops, to
 * {@link FixSessionLifecycle}. A message the session layer refused (a MsgSeqNum already seen
 * without PossDupFlag, a bad header) is never applied; one that cannot be read is refused; an
 * ExecutionReport without 17=ExecID, 150=ExecType or 39=OrdStatus (FIX requires them, Horizon
 * applies nothing without them) is invalid ({@link InvalidInput}). Held
 * reports ({@link HeldReports}) come back through here when their order is tracked or the hold
 * ends. Venue responses go to the {@link VenueResponses} of the venue's current call.
 * <p>
 * Logs under the {@link FixVenue} logger, like every part of the venue.
 * <p>
 * Threading: the venue's polling thread only (Artio calls it inside {@code FixLibrary.poll}).
 * Not thread-safe.
 */
final class FixInbound implements SessionHandler
{
    private static final Logger LOG = LoggerFactory.getLogger(FixVenue.class);

    private final FixSessionLifecycle lifecycle;
    private final ExecutionReports executionReports;
    private final OrderRejects orderRejects;
    private final HeldReports held;
    private final FixRefusals refusals;
    private final FixSessionCounters metrics;
    private final String sessionName;
    private final InvalidInput invalidInput;
    private final UnsafeBuffer heldBuffer = new UnsafeBuffer(new byte[0]);
    private final MutableAsciiBuffer asciiBuffer = new MutableAsciiBuffer();
    private final ExecutionReportDecoder executionReport = new ExecutionReportDecoder();
    private final OrderCancelRejectDecoder cancelReject = new OrderCancelRejectDecoder();
    private final BusinessMessageRejectDecoder businessReject = new BusinessMessageRejectDecoder();
    private final RejectDecoder sessionReject = new RejectDecoder();
    private final LogoutDecoder logout = new LogoutDecoder();
    private final ResendRequestDecoder resendRequest = new ResendRequestDecoder();
    private VenueResponses responses;
    private volatile FixSessionListener listener;

    FixInbound(
        final FixSessionLifecycle lifecycle,
        final ExecutionReports executionReports,
        final OrderRejects orderRejects,
        final HeldReports held,
        final FixRefusals refusals,
        final FixSessionCounters metrics,
        final String sessionName)
    {
        this.lifecycle = lifecycle;
        this.executionReports = executionReports;
        this.orderRejects = orderRejects;
        this.held = held;
        this.refusals = refusals;
        this.metrics = metrics;
        this.sessionName = sessionName;
        this.invalidInput = new InvalidInput(refusals, metrics, sessionName);
    }

    /** @return where inbound messages that are not well-formed FIX are reported. */
    InvalidInput invalidInput()
    {
        return invalidInput;
    }

    /** Where the venue responses of what arrives next go (the venue's current call's). */
    void responses(final VenueResponses responses)
    {
        this.responses = responses;
    }

    /** Lets another speaker see the session's application messages first. */
    void attach(final FixSessionListener listener)
    {
        this.listener = listener;
    }

    /** @return the attached listener, or {@code null}. */
    FixSessionListener listener()
    {
        return listener;
    }

    /** Delivers again the reports held for a ClOrdID that is now tracked. */
    void deliverHeld(final String clOrdId)
    {
        final List<byte[]> reports = held.take(clOrdId);
        if (reports == null)
        {
            return;
        }
        LOG.info("FIX session {}: applying {} report(s) for 11={} that arrived before recovery handed the order over",
            sessionName, reports.size(), clOrdId);
        for (final byte[] copy : reports)
        {
            deliverHeld(copy);
        }
    }

    /** When the hold is over, delivers again every report still held (those for unknown orders are refused then). */
    void releaseHeldWhenDue(final long nowNanos)
    {
        if (!held.isDue(nowNanos))
        {
            return;
        }
        for (final byte[] copy : held.release())
        {
            deliverHeld(copy);
        }
    }

    @Override
    public Action onMessage(
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int libraryId,
        final Session session,
        final int sequenceIndex,
        final long messageType,
        final long timestampInNs,
        final long position,
        final OnMessageInfo messageInfo)
    {
        if (metrics != null)
        {
            metrics.messagesIn.incrementRelease();
        }
        if (!messageInfo.isValid() && isApplicationMessage(messageType) && session.awaitingResend())
        {
            // Past a gap in the venue's sequence numbers: Artio asked for a resend and does not deliver
            // this one now; it comes again in the resend. Not refused: nothing is wrong with it.
            refusals.handling(buffer, offset, length, messageType);
            LOG.info("FIX session {}: 35={} 34={} arrived past a gap in the venue's sequence numbers; Artio asked " +
                "for a resend, and it is applied when it comes again", sessionName,
                FixFields.messageTypeText(messageType), refusals.rawField(34));
            return Action.CONTINUE;
        }
        if (!messageInfo.isValid() && isApplicationMessage(messageType))
        {
            // The session layer refused it (a MsgSeqNum already seen without PossDupFlag, a bad
            // header): it answers by the FIX rules (Reject, or Logout); never apply it. Session
            // messages (a Logon whose MsgSeqNum opens a gap) are the session layer's own business.
            refusals.handling(buffer, offset, length, messageType);
            refusals.refuse("35=" + FixFields.messageTypeText(messageType), "34=MsgSeqNum", refusals.rawField(34),
                "refused by the session layer (sequence number already seen, or a bad header); not applied");
            return Action.CONTINUE;
        }
        try
        {
            onApplicationMessage(buffer, offset, length, messageType);
        }
        catch (final RuntimeException ex)
        {
            refusals.count();
            LOG.warn("FIX session {}: message 35={} could not be read ({}); ignored", sessionName,
                FixFields.messageTypeText(messageType), ex.toString());
            refusals.keep("35=" + FixFields.messageTypeText(messageType), "35=MsgType",
                FixFields.messageTypeText(messageType), "could not be read (" + ex.getMessage() + "); ignored");
        }
        return Action.CONTINUE;
    }

    @Override
    public void onTimeout(final int libraryId, final Session session)
    {
    }

    @Override
    public void onSlowStatus(final int libraryId, final Session session, final boolean hasBecomeSlow)
    {
    }

    @Override
    public Action onDisconnect(final int libraryId, final Session session, final DisconnectReason reason)
    {
        lifecycle.onDisconnect(session, reason);
        return Action.CONTINUE;
    }

    @Override
    public void onSessionStart(final Session session)
    {
    }

    private void onApplicationMessage(final DirectBuffer buffer, final int offset, final int length, final long messageType)
    {
        refusals.handling(buffer, offset, length, messageType);
        asciiBuffer.wrap(buffer);
        final FixSessionListener listener = this.listener;
        if (listener != null && listener.onMessage(asciiBuffer, offset, length, messageType))
        {
            return;
        }
        if (messageType == ExecutionReportDecoder.MESSAGE_TYPE)
        {
            executionReport.reset();
            executionReport.decode(asciiBuffer, offset, length);
            if (lacksRequiredTag(executionReport, buffer, offset, length))
            {
                return;
            }
            executionReports.onExecutionReport(executionReport, responses);
        }
        else if (messageType == OrderCancelRejectDecoder.MESSAGE_TYPE)
        {
            cancelReject.reset();
            cancelReject.decode(asciiBuffer, offset, length);
            orderRejects.onCancelReject(cancelReject, responses);
        }
        else if (messageType == BusinessMessageRejectDecoder.MESSAGE_TYPE)
        {
            businessReject.reset();
            businessReject.decode(asciiBuffer, offset, length);
            orderRejects.onBusinessReject(businessReject, responses);
        }
        else if (messageType == RejectDecoder.MESSAGE_TYPE)
        {
            sessionReject.reset();
            sessionReject.decode(asciiBuffer, offset, length);
            orderRejects.onSessionReject(sessionReject, responses);
        }
        else if (messageType == ResendRequestDecoder.MESSAGE_TYPE)
        {
            resendRequest.reset();
            resendRequest.decode(asciiBuffer, offset, length);
            lifecycle.onResendRequest(resendRequest.beginSeqNo(), resendRequest.endSeqNo());
        }
        else if (messageType == LogoutDecoder.MESSAGE_TYPE)
        {
            logout.reset();
            logout.decode(asciiBuffer, offset, length);
            lifecycle.onLogout(logout);
        }
    }

    /**
     * @return true when the report lacks a tag FIX 4.4 requires and Horizon reads to apply it
     *         (reported as invalid; tags Horizon does not read, like 55=Symbol, are not checked).
     */
    private boolean lacksRequiredTag(
        final ExecutionReportDecoder report, final DirectBuffer buffer, final int offset, final int length)
    {
        final String tag;
        if (report.execIDLength() == 0)
        {
            tag = "17=ExecID";
        }
        else if (report.execType() == CodecUtil.MISSING_CHAR)
        {
            tag = "150=ExecType";
        }
        else if (report.ordStatus() == CodecUtil.MISSING_CHAR)
        {
            tag = "39=OrdStatus";
        }
        else
        {
            return false;
        }
        invalidInput.invalid("ExecutionReport", tag, "(absent)", "a tag FIX 4.4 requires is missing (11=ClOrdID " +
            refusals.rawField(11) + "); not applied", buffer, offset, length, System.nanoTime());
        return true;
    }

    private void deliverHeld(final byte[] copy)
    {
        heldBuffer.wrap(copy);
        held.redelivering(true);
        try
        {
            onApplicationMessage(heldBuffer, 8, copy.length - 8, heldBuffer.getLong(0));
        }
        catch (final RuntimeException ex)
        {
            refusals.count();
            LOG.warn("FIX session {}: a held report could not be read ({}); ignored", sessionName, ex.toString());
        }
        finally
        {
            held.redelivering(false);
        }
    }

    private static boolean isApplicationMessage(final long messageType)
    {
        return messageType == ExecutionReportDecoder.MESSAGE_TYPE || messageType == OrderCancelRejectDecoder.MESSAGE_TYPE ||
            messageType == BusinessMessageRejectDecoder.MESSAGE_TYPE;
    }
}
