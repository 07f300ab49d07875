package io.horizon.fix;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports that come after their order is over: an ExecutionReport, OrderCancelReject or
 * BusinessMessageReject naming a ClOrdID of an order this process tracked and has finished
 * (filled, canceled, rejected, expired, or settled by reconciliation), such as the venue's resent
 * copies of what reconciliation already reported; and a Replaced report for a replace
 * reconciliation already reported (the order stands on its terms under its ClOrdID). They are
 * expected after a drop or a restart, so
 * they are not refusals: nothing is applied (so no fill is ever applied twice), nothing goes to
 * the refused-message sink or raises an alert; each is counted
 * ({@code horizon_venue_late_reports_total}) and logged, the first {@value #LOG_FIRST} one by one,
 * then one line in {@value #LOG_EVERY}.
 * <p>
 * Logs under the {@link FixVenue} logger, like every part of the venue.
 * <p>
 * Threading: the venue's polling thread only. Not thread-safe.
 */
final class LateReports
{
    private static final Logger LOG = LoggerFactory.getLogger(FixVenue.class);
    static final int LOG_FIRST = 20;
    static final int LOG_EVERY = 1_000;

    private final FixSessionCounters metrics;
    private final String sessionName;
    private long lateReports;

    LateReports(final FixSessionCounters metrics, final String sessionName)
    {
        this.metrics = metrics;
        this.sessionName = sessionName;
    }

    /**
     * Counts and (sometimes) logs a report for a finished order; the caller applies nothing.
     *
     * @param message what it was, e.g. {@code ExecutionReport}.
     * @param clOrdId the finished order's ClOrdID it names.
     */
    void late(final String message, final CharSequence clOrdId)
    {
        final long count = ++lateReports;
        if (metrics != null)
        {
            metrics.lateReports.incrementRelease();
        }
        if (count <= LOG_FIRST || count % LOG_EVERY == 0)
        {
            LOG.info("FIX session {}: {} for 11={}, an order already over here; not applied ({} late report(s) so far{})",
                sessionName, message, clOrdId, count, count == LOG_FIRST ? "; further ones are logged once in " +
                    LOG_EVERY : "");
        }
    }

    /** @return reports counted as late. */
    long lateReports()
    {
        return lateReports;
    }
}
