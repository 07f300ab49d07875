package io.horizon.ops.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

import com.lmax.disruptor.RingBuffer;
import io.horizon.engine.event.ControlAction;
import io.horizon.engine.event.ControlText;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.event.RejectReason;
import io.horizon.engine.pipeline.OrderEntry;
import io.horizon.journal.dlq.DlqEntry;
import io.horizon.journal.dlq.DlqIds;
import io.horizon.journal.dlq.RedriveRefusedException;
import io.horizon.ops.state.AtomicFile;
import io.horizon.ops.state.LinuxProcess;
import io.horizon.ops.state.PlainFile;
import io.horizon.ops.state.RefusedFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's end of the control channel ({@link ControlChannel}): a thread that takes operator
 * commands from the state directory and publishes each as a control event through
 * {@link OrderEntry#control}, so it is journaled before it takes effect, replayed on recovery and
 * shown by {@code horizon replay --type control}. The event's text names the operator as
 * {@link ControlText} describes ({@code user:alice: reason}); the operator is the owner of the
 * request file, as the operating system reports it.
 * <p>
 * Each command gets an acknowledgement: {@code PROCESSED} once the engine has journaled and
 * processed it, {@code ACCEPTED} when published but not yet processed after
 * {@value #PROCESS_WAIT_MS} ms, {@code REFUSED} or {@code EXPIRED} with the reason otherwise.
 * Only {@code KILL} and {@code RESET} are taken from operators; a reset needs a reason.
 * <p>
 * Nothing in a request file is trusted: it is moved into {@code claimed/} (only the daemon's user
 * can write there) and read only when it is a plain, single-link file of at most
 * {@value ControlChannel#MAX_FILE_BYTES} bytes, never through a link and never blocking on a FIFO
 * ({@link PlainFile}); every field is checked again ({@link ControlRequest#parse}); the receipt
 * time is the daemon's own clock, and a request written before the desk opened or waiting longer
 * than {@value #MAX_REQUEST_AGE_MS} ms (by the kernel's change time) is answered {@code EXPIRED}
 * whatever its {@code expires_at}. Every refusal is logged and answered; the desk keeps going.
 * <p>
 * A snapshot request ({@code horizon snapshot}) asks the {@link SnapshotTrigger} the daemon passed in
 * for a snapshot and waits (on this thread, at most the request's own deadline) until it is on disk;
 * the answer names the file and its journal index. It is not an engine input and is not journaled.
 * <p>
 * A redrive request ({@code horizon dlq redrive}) is handed to the {@link DeadLetterRedrive} the
 * daemon passed in, attributed to the same {@code user:<owner>}; it publishes the order through
 * order entry, so the order is journaled and risk-checked like any new one. Its answer carries the
 * client order id and the retry count; a refusal (unknown, dismissed or not redrivable entry,
 * ring full) says why, and nothing was sent. A desk opened without a redrive refuses them.
 * <p>
 * Threading: {@link #open}, {@link #start} and {@link #close} from the daemon's owner thread;
 * commands are handled on the desk's own thread {@value #THREAD_NAME}.
 */
public final class ControlDesk implements AutoCloseable
{
    /** The desk's thread. */
    public static final String THREAD_NAME = "horizon-control";

    private static final Logger LOG = LoggerFactory.getLogger(ControlDesk.class);
    private static final Pattern REQUEST_NAME = Pattern.compile("[A-Za-z0-9-]{1,64}\\" + ControlChannel.REQUEST);
    private static final long POLL_MS = 50;
    private static final long RING_FULL_RETRY_MS = 1_000;
    static final long PROCESS_WAIT_MS = 2_000;
    /** The longest a request may wait in {@code requests/}, by its change time, before the desk takes it. */
    static final long MAX_REQUEST_AGE_MS = 60_000;
    private static final long CLOCK_SLACK_MS = 1_000;
    /** Longest a snapshot request waits for its snapshot to be written. */
    static final long SNAPSHOT_WAIT_MS = 60_000;

    private final Path state;
    private final OrderEntry orderEntry;
    private final RingBuffer<InboundEvent> ring;
    private final DeadLetterRedrive redrive;
    private final SnapshotTrigger snapshots;
    private final Thread thread;
    private volatile boolean running;
    private final long startedMillis = System.currentTimeMillis();

    private ControlDesk(
        final Path state,
        final OrderEntry orderEntry,
        final RingBuffer<InboundEvent> ring,
        final DeadLetterRedrive redrive,
        final SnapshotTrigger snapshots)
    {
        this.state = state;
        this.orderEntry = orderEntry;
        this.ring = ring;
        this.redrive = redrive;
        this.snapshots = snapshots;
        this.thread = new Thread(this::run, THREAD_NAME);
        this.thread.setDaemon(true);
    }

    /**
     * Creates the channel's folders, or checks the ones there ({@link ControlChannel#verify}).
     *
     * @param state      the locked state directory.
     * @param orderEntry where control events are published.
     * @param ring       the inbound ring, to see when the engine has processed an event.
     * @return the desk, not started.
     * @throws IOException when the folders cannot be created.
     * @throws IllegalArgumentException when a folder is a link, someone else's, or open to others.
     */
    public static ControlDesk open(final Path state, final OrderEntry orderEntry, final RingBuffer<InboundEvent> ring)
        throws IOException
    {
        return open(state, orderEntry, ring, null);
    }

    /**
     * Like {@link #open(Path, OrderEntry, RingBuffer)}, and takes redrive requests too.
     *
     * @param state      the locked state directory.
     * @param orderEntry where control events are published.
     * @param ring       the inbound ring, to see when the engine has processed an event.
     * @param redrive    sends a dead letter again; {@code null} to refuse redrives.
     * @return the desk, not started.
     * @throws IOException when the folders cannot be created.
     */
    public static ControlDesk open(
        final Path state, final OrderEntry orderEntry, final RingBuffer<InboundEvent> ring, final DeadLetterRedrive redrive)
        throws IOException
    {
        return open(state, orderEntry, ring, redrive, null);
    }

    /**
     * Like {@link #open(Path, OrderEntry, RingBuffer, DeadLetterRedrive)}, and takes snapshot requests too.
     *
     * @param state      the locked state directory.
     * @param orderEntry where control events are published.
     * @param ring       the inbound ring, to see when the engine has processed an event.
     * @param redrive    sends a dead letter again; {@code null} to refuse redrives.
     * @param snapshots  takes a snapshot; {@code null} to refuse snapshot requests.
     * @return the desk, not started.
     * @throws IOException when the folders cannot be created.
     */
    public static ControlDesk open(
        final Path state,
        final OrderEntry orderEntry,
        final RingBuffer<InboundEvent> ring,
        final DeadLetterRedrive redrive,
        final SnapshotTrigger snapshots)
        throws IOException
    {
        ControlChannel.create(state);
        ControlChannel.verify(state);
        return new ControlDesk(state, orderEntry, ring, redrive, snapshots);
    }

    /**
     * Starts taking commands. Requests already waiting were written before this daemon started:
     * they are answered {@code EXPIRED}, never run.
     *
     * @throws IOException when the desk cannot be announced.
     */
    public void start() throws IOException
    {
        for (final Path file : waitingRequests())
        {
            handle(file, "it was written before this daemon started");
        }
        final long pid = ProcessHandle.current().pid();
        // What the CLI checks against the kernel before it trusts an answer: the lock holder's pid,
        // that process's start time (a reused pid has another), and the user that writes the answers.
        AtomicFile.write(ControlChannel.desk(state),
            "# Horizon control desk: a daemon takes commands from control/requests\n" +
            "pid=" + pid + "\n" +
            "start_ticks=" + LinuxProcess.startTicks(pid).orElse(-1) + "\n" +
            "uid=" + LinuxProcess.selfUid().orElse(-1) + "\n" +
            "started=" + Instant.ofEpochMilli(startedMillis) + "\n", AtomicFile.GROUP_READABLE);
        running = true;
        thread.start();
        LOG.info("control channel open: {} (horizon kill / horizon reset{})", ControlChannel.directory(state),
            redrive != null ? " / horizon dlq redrive" : "");
    }

    private void run()
    {
        while (running)
        {
            try
            {
                poll();
            }
            catch (final IOException | RuntimeException ex)
            {
                LOG.warn("control channel: {}", ex.toString());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MS));
        }
    }

    /**
     * Handles every complete request waiting, oldest first. Never blocks on what it finds: each
     * request is moved into {@code claimed/} (a folder only the daemon's user can write) and read
     * from there only when it is a plain file of bounded size ({@link PlainFile}).
     *
     * @return how many were handled.
     * @throws IOException when the folder cannot be listed.
     */
    int poll() throws IOException
    {
        int handled = 0;
        for (final Path file : waitingRequests())
        {
            if (handle(file, null))
            {
                handled++;
            }
        }
        return handled;
    }

    private List<Path> waitingRequests() throws IOException
    {
        final List<Path> waiting = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(ControlChannel.requests(state)))
        {
            for (final Path file : files)
            {
                if (REQUEST_NAME.matcher(file.getFileName().toString()).matches())
                {
                    waiting.add(file);
                }
            }
        }
        Collections.sort(waiting);
        return waiting;
    }

    /**
     * @param expired why the request is refused whatever it holds, or {@code null} to run it if valid.
     */
    private boolean handle(final Path requestFile, final String expired) throws IOException
    {
        final long received = System.currentTimeMillis();
        final String name = requestFile.getFileName().toString();
        final String id = name.substring(0, name.length() - ControlChannel.REQUEST.length());
        final Path claimed = ControlChannel.claimed(state).resolve(name);
        final long written = changedMillis(requestFile);
        try
        {
            // The CLI withdraws a request by deleting it; whichever of the two moves first wins.
            Files.move(requestFile, claimed, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final NoSuchFileException ex)
        {
            return false;
        }
        ControlAck ack;
        try
        {
            final byte[] bytes = PlainFile.read(claimed, ControlChannel.MAX_FILE_BYTES);
            final String owner = Files.getOwner(claimed, LinkOption.NOFOLLOW_LINKS).getName();
            final ControlRequest request = ControlRequest.parse(id, bytes);
            final String late = expired != null ? expired : late(request, written, received);
            if (late != null)
            {
                LOG.warn("control request {} from {} refused: {}", id, owner, late);
                ack = new ControlAck(id, ControlAck.Status.EXPIRED, "", late + "; nothing was done");
            }
            else
            {
                ack = execute(id, request, owner, received);
            }
        }
        catch (final RefusedFileException ex)
        {
            LOG.warn("control request {} refused: {}", id, ex.getMessage());
            ack = new ControlAck(id, ControlAck.Status.REFUSED, "", "not a request: " + ex.getMessage());
        }
        catch (final IllegalArgumentException ex)
        {
            LOG.warn("control request {} refused as malformed: {}", id, ex.getMessage());
            ack = new ControlAck(id, ControlAck.Status.REFUSED, "", "malformed request: " + ex.getMessage());
        }
        catch (final IOException ex)
        {
            LOG.warn("control request {} refused: cannot read it: {}", id, ex.toString());
            ack = new ControlAck(id, ControlAck.Status.REFUSED, "", "cannot read the request: " + ex);
        }
        AtomicFile.write(ControlChannel.acks(state).resolve(id + ControlChannel.ACK), ack.toText(), AtomicFile.GROUP_READABLE);
        try
        {
            Files.deleteIfExists(claimed);
        }
        catch (final IOException ex)
        {
            // A folder planted as a request: leave it, it can never be taken again.
            LOG.warn("control channel: cannot remove {}: {}", claimed, ex.toString());
        }
        return true;
    }

    /**
     * @return why a request is too late, by the daemon's own clock and the kernel's change time
     *         of the file (which a writer cannot set back), or {@code null} when it is not.
     */
    private String late(final ControlRequest request, final long written, final long received)
    {
        // The kernel stamps change times from a coarse clock: allow it a second.
        if (written > 0 && written < startedMillis - CLOCK_SLACK_MS)
        {
            return "it was written before this daemon started";
        }
        if (written > 0 && received - written > MAX_REQUEST_AGE_MS)
        {
            return "it waited " + (received - written) / 1000 + " s, more than the " + MAX_REQUEST_AGE_MS / 1000 +
                " s a request may wait";
        }
        if (received > request.expiresAt())
        {
            return "the request's deadline passed before the daemon read it";
        }
        return null;
    }

    private static long changedMillis(final Path file)
    {
        try
        {
            return ((FileTime)Files.getAttribute(file, "unix:ctime", LinkOption.NOFOLLOW_LINKS)).toMillis();
        }
        catch (final IOException | RuntimeException ex)
        {
            return 0;
        }
    }

    private ControlAck execute(final String id, final ControlRequest request, final String owner, final long received)
    {
        if (request.kind() == ControlRequest.Kind.REDRIVE)
        {
            return redrive(id, request, owner);
        }
        if (request.kind() == ControlRequest.Kind.SNAPSHOT)
        {
            return snapshot(id, owner, request.expiresAt() - received);
        }
        if (request.action() != ControlAction.KILL && request.action() != ControlAction.RESET)
        {
            return new ControlAck(id, ControlAck.Status.REFUSED, "",
                "action " + request.action() + " is not taken from operators; use horizon kill or horizon reset");
        }
        if (request.reason().isBlank())
        {
            return new ControlAck(id, ControlAck.Status.REFUSED, "", request.action() + " needs a reason; nothing was done");
        }
        final String text;
        try
        {
            text = ControlText.compose(owner, request.reason());
        }
        catch (final IllegalArgumentException ex)
        {
            return new ControlAck(id, ControlAck.Status.REFUSED, "", ex.getMessage());
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > InboundEvent.MAX_TEXT_BYTES)
        {
            return new ControlAck(id, ControlAck.Status.REFUSED, "", "the reason is too long to journal whole; shorten it");
        }
        final String actor = ControlText.actor(text);
        final long giveUp = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RING_FULL_RETRY_MS);
        while (orderEntry.control(request.action(), request.value(), text) == RejectReason.RING_FULL)
        {
            // An operator's kill must not be lost to a burst: retry, then say so.
            if (System.nanoTime() > giveUp)
            {
                return new ControlAck(id, ControlAck.Status.REFUSED, actor,
                    "the inbound ring stayed full for " + RING_FULL_RETRY_MS + " ms; nothing was published, try again");
            }
            LockSupport.parkNanos(100_000);
        }
        final long published = ring.getCursor();
        LOG.warn("operator command {} by {} (received {}): {}", request.action(), actor, Instant.ofEpochMilli(received), request.reason());
        return awaitProcessed(id, actor, published, "", "", 0);
    }

    private ControlAck snapshot(final String id, final String owner, final long allowedMillis)
    {
        final String actor = "user:" + owner;
        if (snapshots == null)
        {
            return new ControlAck(id, ControlAck.Status.REFUSED, actor, "this daemon takes no snapshots; nothing was done");
        }
        // Leave the CLI a moment to read the answer before its own deadline.
        final long wait = Math.max(1_000, Math.min(allowedMillis, SNAPSHOT_WAIT_MS) - 500);
        final String written = snapshots.snapshotNow(wait);
        if (written == null)
        {
            LOG.warn("snapshot asked by {} not written within {} ms", actor, wait);
            return new ControlAck(id, ControlAck.Status.FAILED, actor, "the snapshot was not written within " + wait +
                " ms; see the daemon's log (disk full? engine busy?) and try again");
        }
        LOG.info("snapshot asked by {}: {}", actor, written);
        return new ControlAck(id, ControlAck.Status.PROCESSED, actor, written);
    }

    private ControlAck redrive(final String id, final ControlRequest request, final String owner)
    {
        final String dlqId = request.dlqId();
        if (redrive == null)
        {
            return new ControlAck(id, ControlAck.Status.REFUSED, "",
                "this daemon takes no redrives (it has no dead-letter queue); nothing was sent");
        }
        final String actor;
        try
        {
            actor = ControlText.actor(ControlText.compose(owner, dlqId));
            DlqIds.require(dlqId);
        }
        catch (final IllegalArgumentException ex)
        {
            return new ControlAck(id, ControlAck.Status.REFUSED, "", ex.getMessage());
        }
        final DlqEntry entry;
        try
        {
            entry = redrive.redrive(dlqId, actor);
        }
        catch (final IllegalArgumentException | RedriveRefusedException ex)
        {
            LOG.warn("redrive of {} by {} refused: {}", dlqId, actor, ex.getMessage());
            return new ControlAck(id, ControlAck.Status.REFUSED, actor, ex.getMessage());
        }
        catch (final RuntimeException ex)
        {
            // The order may have been published before the failure (DlqTriage publishes first):
            // say so rather than claim that nothing happened.
            LOG.error("redrive of {} by {} failed part-way", dlqId, actor, ex);
            return new ControlAck(id, ControlAck.Status.FAILED, actor, "the redrive of " + dlqId + " failed part-way (" + ex +
                "); it may have been sent: check horizon dlq show " + dlqId + " and horizon audit replay --category " +
                "order.submitted --since 10m before trying again");
        }
        // The order is in the ring (order entry returned), so the cursor is at or past it.
        final long published = ring.getCursor();
        final String clientOrderId = entry.lastRedriveClientOrderId();
        LOG.warn("operator redrive of {} by {}: sent as {}, retry {}", dlqId, actor, clientOrderId, entry.retryCount());
        return awaitProcessed(id, actor, published, "sent again as " + clientOrderId + " (retry " + entry.retryCount() + "); ",
            clientOrderId, entry.retryCount());
    }

    private ControlAck awaitProcessed(
        final String id, final String actor, final long published, final String done, final String clientOrderId, final int retryCount)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PROCESS_WAIT_MS);
        while (ring.getMinimumGatingSequence() < published)
        {
            if (System.nanoTime() > deadline)
            {
                return new ControlAck(id, ControlAck.Status.ACCEPTED, actor, done +
                    "published into the inbound ring; the engine had not processed it after " + PROCESS_WAIT_MS + " ms",
                    clientOrderId, retryCount);
            }
            LockSupport.parkNanos(100_000);
        }
        return new ControlAck(id, ControlAck.Status.PROCESSED, actor, done + "journaled and processed by the engine",
            clientOrderId, retryCount);
    }

    /**
     * Stops taking commands and withdraws the desk's announcement. Requests arriving later stay
     * unanswered and their CLI withdraws them.
     */
    @Override
    public void close()
    {
        running = false;
        LockSupport.unpark(thread);
        try
        {
            thread.join(5_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        try
        {
            Files.deleteIfExists(ControlChannel.desk(state));
        }
        catch (final IOException ex)
        {
            LOG.warn("cannot remove {}: {}", ControlChannel.desk(state), ex.toString());
        }
    }
}
