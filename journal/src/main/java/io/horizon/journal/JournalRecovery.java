package io.horizon.journal;

import java.nio.file.Path;
import java.util.function.LongConsumer;

import com.lmax.disruptor.RingBuffer;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.pipeline.EnginePipeline;

/**
 * Recovery after a restart: replays the journaled inbound events, in order, into a pipeline that
 * is not live yet, so the BLP rebuilds open orders, positions, risk and kill-switch state exactly
 * as they were, with no venue side effects. A fresh pipeline is given the whole journal; one
 * restored from a snapshot ({@link io.horizon.journal.snapshot.SnapshotRecovery}) is given the
 * journal after the snapshot's index.
 * <p>
 * The ring continues where the pipeline stands (sequence 0 when fresh, the snapshot's journal
 * index when restored) and the journal's events are numbered from 0, so each replayed event lands
 * on the sequence it was journaled with; the journal stage recognises them and does not write them
 * twice.
 * <p>
 * Threading: the owner thread, between {@link EnginePipeline#start()} and
 * {@link EnginePipeline#goLive()}; nothing else may publish meanwhile.
 */
public final class JournalRecovery
{
    private JournalRecovery()
    {
    }

    /**
     * @param stateDirectory where the journal is.
     * @param pipeline       started, not live, nothing published yet (fresh, or restored from a snapshot).
     * @param progress       told the number of events replayed so far, every 1M events.
     * @return the number of events replayed: the journal's events from where the pipeline stood.
     * @throws JournalException when the journal is corrupt; recovery must not go live then.
     */
    public static long replay(final Path stateDirectory, final EnginePipeline pipeline, final LongConsumer progress)
    {
        if (!JournalDirectory.exists(stateDirectory))
        {
            return 0;
        }
        final RingBuffer<InboundEvent> ring = pipeline.ring();
        final long first = ring.getCursor() + 1;
        if (pipeline.counters().eventsProcessed.get() != 0)
        {
            throw new IllegalStateException("recovery needs a fresh or restored ring; events were already processed");
        }
        final InboundEvent scratch = new InboundEvent();
        long count = 0;
        try (JournalReader reader = JournalReader.inbound(stateDirectory))
        {
            if (first > 0)
            {
                reader.seek(first);
            }
            while (reader.nextInbound(scratch))
            {
                final long seq = ring.next();
                try
                {
                    ring.get(seq).copyFrom(scratch);
                }
                finally
                {
                    ring.publish(seq);
                }
                count++;
                if ((count & ((1 << 20) - 1)) == 0)
                {
                    progress.accept(count);
                }
            }
        }
        return count;
    }
}
