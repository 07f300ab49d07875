package io.horizon.fix.marketdata;

/**
 * Where a FIX market data feed reports that the session carrying it dropped, so the engine
 * journals it (a {@code FEED_DOWN} control event) and its feed watchdog marks the feed stale at
 * once instead of after {@code feed_stale_seconds} of silence. The daemon publishes it through
 * the engine's order entry.
 * <p>
 * Threading: called on the thread that polls the venue (the engine thread in the shared mode):
 * must not block.
 */
@FunctionalInterface
public interface FeedDownReports
{
    /** Reports nothing: the watchdog notices the silence after its threshold. */
    FeedDownReports NONE = (feedId, reason) -> true;

    /**
     * @param feedId the feed whose session dropped.
     * @param reason which session, for the journal and the audit log.
     * @return true when published; false when it could not be now (the inbound ring is full), so
     *         the feed asks again on its next poll.
     */
    boolean feedDown(int feedId, CharSequence reason);
}
