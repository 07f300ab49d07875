package io.horizon.ops.feed;

/**
 * What a market data file replay tells the engine besides its events: that time moves on to the
 * next row's timestamp (the engine clock of a recorded source, heartbeats included), and that a
 * row was skipped.
 * <p>
 * Threading: called from the replaying thread only.
 */
public interface ReplayDriver
{
    /** Nothing besides the events: time is whatever the sink makes of the timestamps. */
    ReplayDriver NONE = new ReplayDriver()
    {
        @Override
        public boolean advanceTo(final long recordedNanos)
        {
            return true;
        }

        @Override
        public void skipped(final MarketDataFileException badRow)
        {
        }
    };

    /**
     * Called before each event is published.
     *
     * @param recordedNanos the event's timestamp.
     * @return false when interrupted; the replay stops.
     */
    boolean advanceTo(long recordedNanos);

    /**
     * Called after a bad row was skipped ({@link BadRowPolicy#SKIP}), where it was in the file.
     *
     * @param badRow what was wrong with it, naming file, line and field.
     */
    void skipped(MarketDataFileException badRow);
}
