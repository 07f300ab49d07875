package io.horizon.ops.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.lmax.disruptor.RingBuffer;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.snapshot.SnapshotFacts;
import io.horizon.engine.snapshot.SnapshotSink;
import io.horizon.journal.snapshot.SnapshotStore;
import io.horizon.ops.metrics.SnapshotMeters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's {@link SnapshotSink}: takes the snapshots the BLP hands over and writes them into
 * the {@link SnapshotStore} on a thread of its own ({@value #THREAD_NAME}), so the engine pauses only
 * to copy its state. Before writing one it waits until every stage has passed the snapshot's journal
 * position (the inbound journal holds those events and the output journal their outputs), so a
 * snapshot on disk never covers input or output a crash could still lose.
 * <p>
 * At most {@value #QUEUE} snapshots wait to be written; one more than that is dropped, counted and
 * logged (the next one will do). {@link #awaitWritten} lets {@code horizon snapshot} wait for its own.
 * <p>
 * It adds up the engine's pauses and its own write times for {@code /metrics} ({@link SnapshotMeters}).
 * <p>
 * Threading: {@link #accept} on the engine thread that completes a snapshot (the BLP's, or the
 * gateway's when the snapshot carries the paper venue's book; never blocks); {@link #start},
 * {@link #close} on the owner thread; {@link #awaitWritten} and the totals any thread.
 */
public final class SnapshotWriter implements SnapshotSink, SnapshotMeters.Source, AutoCloseable
{
    /** The writer's thread. */
    public static final String THREAD_NAME = "horizon-snapshots";

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotWriter.class);
    private static final int QUEUE = 2;
    private static final long STAGES_WAIT_MS = 60_000;

    private final SnapshotStore store;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread thread;
    private volatile RingBuffer<InboundEvent> ring;
    private volatile boolean running = true;
    private volatile long writtenTicket;
    private volatile long failedTicket;
    private volatile Written last;
    private volatile long dropped;
    private volatile long failed;
    private volatile Totals totals = new Totals(0, 0, 0, 0, 0);

    /**
     * @param store where snapshots go.
     */
    public SnapshotWriter(final SnapshotStore store)
    {
        this.store = store;
        this.thread = new Thread(this::run, THREAD_NAME);
        this.thread.setDaemon(true);
    }

    /**
     * Starts writing; snapshots handed over before wait in the queue.
     *
     * @param ring the pipeline's inbound ring, to see when every stage has passed a snapshot.
     */
    public void start(final RingBuffer<InboundEvent> ring)
    {
        this.ring = ring;
        thread.start();
    }

    @Override
    public void accept(final SnapshotFacts facts, final byte[] image, final long pauseNanos, final long ticket)
    {
        if (!queue.offer(new Pending(facts, image, pauseNanos, ticket)))
        {
            // One thread completes snapshots, so this count has a single writer.
            dropped++;
            LOG.warn("snapshot at journal index {} dropped: {} are still waiting to be written", facts.journalIndex(), QUEUE);
        }
    }

    private void run()
    {
        while (running || !queue.isEmpty())
        {
            final Pending p;
            try
            {
                p = queue.poll(100, TimeUnit.MILLISECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
            if (p != null)
            {
                write(p);
            }
        }
    }

    private void write(final Pending p)
    {
        final long index = p.facts.journalIndex();
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STAGES_WAIT_MS);
        while (ring.getMinimumGatingSequence() < index - 1)
        {
            // Closing comes after the pipeline drained: a position not passed by then never will be.
            if (System.nanoTime() > deadline || !running)
            {
                LOG.warn("snapshot at journal index {} not written: the engine's stages did not pass it", index);
                failed++;
                failedTicket = Math.max(failedTicket, p.ticket);
                return;
            }
            LockSupport.parkNanos(1_000_000);
        }
        final long begin = System.nanoTime();
        try
        {
            final Path file = store.write(p.facts, p.image);
            final long writeNanos = System.nanoTime() - begin;
            last = new Written(file, p.facts, p.image.length, p.pauseNanos, writeNanos);
            final Totals t = totals;
            totals = new Totals(t.written + 1, t.pauseTotal + p.pauseNanos, Math.max(t.pauseMax, p.pauseNanos),
                t.writeTotal + writeNanos, Math.max(t.writeMax, writeNanos));
            writtenTicket = Math.max(writtenTicket, p.ticket);
            LOG.info("snapshot {} written: journal index {}, {} orders live, {} bytes; engine paused {} us, write took {} ms",
                file.getFileName(), index, p.facts.liveOrders(), p.image.length, p.pauseNanos / 1_000, writeNanos / 1_000_000);
        }
        catch (final IOException | RuntimeException ex)
        {
            failed++;
            failedTicket = Math.max(failedTicket, p.ticket);
            LOG.error("snapshot at journal index {} could not be written to {}: {}", index, store.directory(), ex.toString());
        }
    }

    /**
     * Waits until a snapshot answering {@code ticket} is written, or fails.
     *
     * @param ticket        from {@link io.horizon.engine.snapshot.SnapshotTaker#request}.
     * @param timeoutMillis how long to wait.
     * @return the snapshot written, or {@code null} when it failed or did not come in time.
     */
    public Written awaitWritten(final long ticket, final long timeoutMillis)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (writtenTicket < ticket)
        {
            if (failedTicket >= ticket || System.nanoTime() > deadline)
            {
                return null;
            }
            LockSupport.parkNanos(1_000_000);
        }
        return last;
    }

    /**
     * @return the last snapshot written, or {@code null}.
     */
    public Written last()
    {
        return last;
    }

    /**
     * @return snapshots dropped because the writer was behind.
     */
    @Override
    public long dropped()
    {
        return dropped;
    }

    @Override
    public long failed()
    {
        return failed;
    }

    @Override
    public long written()
    {
        return totals.written;
    }

    @Override
    public long pauseTotalNanos()
    {
        return totals.pauseTotal;
    }

    @Override
    public long pauseMaxNanos()
    {
        return totals.pauseMax;
    }

    @Override
    public long writeTotalNanos()
    {
        return totals.writeTotal;
    }

    @Override
    public long writeMaxNanos()
    {
        return totals.writeMax;
    }

    /**
     * Writes what is waiting (once the stages pass it), then stops. After the pipeline has drained.
     */
    @Override
    public void close()
    {
        running = false;
        if (thread.isAlive())
        {
            try
            {
                thread.join(30_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    private record Pending(SnapshotFacts facts, byte[] image, long pauseNanos, long ticket)
    {
    }

    /**
     * Totals over the snapshots written, replaced whole by the writer thread so a reader never
     * sees a count without its sum.
     */
    private record Totals(long written, long pauseTotal, long pauseMax, long writeTotal, long writeMax)
    {
    }

    /**
     * A snapshot written.
     *
     * @param file       where.
     * @param facts      what it covers.
     * @param bytes      its size.
     * @param pauseNanos how long the engine paused to copy its state.
     * @param writeNanos how long writing it took (fsyncs included).
     */
    public record Written(Path file, SnapshotFacts facts, int bytes, long pauseNanos, long writeNanos)
    {
    }
}
