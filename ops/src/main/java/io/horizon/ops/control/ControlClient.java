package io.horizon.ops.control;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.horizon.engine.event.ControlAction;
import io.horizon.ops.state.AtomicFile;
import io.horizon.ops.state.LinuxProcess;
import io.horizon.ops.state.PlainFile;
import io.horizon.ops.state.StateLock;
import io.horizon.ops.state.StateLockException;

/**
 * The CLI's end of the control channel: hands one command to the daemon running on a state
 * directory and waits for its acknowledgement, which it trusts only when it can prove the daemon
 * wrote it ({@link #runningDaemon}: the kernel's lock holder, its start time and user). Says clearly when no daemon runs there. A command
 * not taken within the time-out is withdrawn, so it can never run later by surprise.
 * <p>
 * Stateless; any thread.
 */
public final class ControlClient
{
    /** Extra wait for an answer once the daemon has taken the command. */
    static final long CLAIMED_GRACE_MS = 5_000;
    private static final long POLL_MS = 20;

    private ControlClient()
    {
    }

    /**
     * @param state   the daemon's state directory.
     * @param action  what to ask.
     * @param value   the action's value.
     * @param reason  why; journaled with the command.
     * @param timeout how long the daemon has to take the command.
     * @return the daemon's acknowledgement.
     * @throws ControlException when no daemon runs there, the channel cannot be written, or no
     *                          answer came.
     */
    public static ControlAck submit(
        final Path state, final ControlAction action, final long value, final String reason, final Duration timeout)
    {
        final Desk desk = runningDaemon(state);
        final long now = System.currentTimeMillis();
        return deliver(state, desk, new ControlRequest(newId(now), action, value, reason, now + timeout.toMillis()), timeout);
    }

    /**
     * Asks the daemon to send a dead letter again through its order entry.
     *
     * @param state   the daemon's state directory.
     * @param dlqId   the entry.
     * @param timeout how long the daemon has to take the command.
     * @return the daemon's acknowledgement: the client order id and retry count, or why it refused.
     * @throws ControlException when no daemon runs there, the channel cannot be written, or no
     *                          answer came.
     */
    public static ControlAck redrive(final Path state, final String dlqId, final Duration timeout)
    {
        final Desk desk = runningDaemon(state);
        final long now = System.currentTimeMillis();
        return deliver(state, desk, ControlRequest.redrive(newId(now), dlqId, now + timeout.toMillis()), timeout);
    }

    /**
     * Asks the daemon to snapshot its engine state now, and waits until it is written.
     *
     * @param state   the daemon's state directory.
     * @param timeout how long the daemon has to answer.
     * @return the daemon's acknowledgement: the snapshot file and its journal index, or why not.
     * @throws ControlException when no daemon runs there, the channel cannot be written, or no answer came.
     */
    public static ControlAck snapshot(final Path state, final Duration timeout)
    {
        final Desk desk = runningDaemon(state);
        final long now = System.currentTimeMillis();
        return deliver(state, desk, ControlRequest.snapshot(newId(now), now + timeout.toMillis()), timeout);
    }

    private static String newId(final long now)
    {
        return String.format("%013d-%d-%08x", now, ProcessHandle.current().pid(), ThreadLocalRandom.current().nextInt());
    }

    private static ControlAck deliver(final Path state, final Desk desk, final ControlRequest request, final Duration timeout)
    {
        final long pid = desk.pid();
        final String id = request.id();
        final Path requestFile = ControlChannel.requests(state).resolve(id + ControlChannel.REQUEST);
        final Path ackFile = ControlChannel.acks(state).resolve(id + ControlChannel.ACK);
        try
        {
            AtomicFile.write(requestFile, request.toText(), AtomicFile.GROUP_READABLE);
        }
        catch (final AccessDeniedException ex)
        {
            throw new ControlException("cannot write to " + ControlChannel.requests(state) + ": permission denied. Run as the " +
                "user that runs the daemon, or have that user grant you the folder (its permissions are the access control)");
        }
        catch (final IOException ex)
        {
            throw new ControlException("cannot write to " + ControlChannel.requests(state) + ": " + ex.getMessage());
        }

        ControlAck ack = await(state, desk, request, ackFile, timeout.toMillis());
        if (ack != null)
        {
            return ack;
        }
        try
        {
            Files.delete(requestFile);
            throw new ControlException("Horizon (pid " + pid + ") on " + state + " did not take the command within " +
                (timeout.toMillis() < 1000 ? timeout.toMillis() + " ms" : timeout.toSeconds() + " s") +
                "; it was withdrawn and nothing was done. Is the daemon stuck? See its log");
        }
        catch (final NoSuchFileException taken)
        {
            ack = await(state, desk, request, ackFile, CLAIMED_GRACE_MS);
            if (ack != null)
            {
                return ack;
            }
            throw new ControlException("Horizon (pid " + pid + ") on " + state + " took the command but did not answer; " +
                "see whether it was applied with: " + (request.kind() == ControlRequest.Kind.REDRIVE ?
                "horizon dlq show --state " + state + " " + request.dlqId() + " (retry_count)" :
                "horizon replay --state " + state + " --type control"));
        }
        catch (final IOException ex)
        {
            throw new ControlException("cannot withdraw " + requestFile + ": " + ex.getMessage());
        }
    }

    /**
     * The daemon the CLI talks to, as proven by the kernel.
     *
     * @param pid        the process that holds the state directory's lock.
     * @param startTicks when it started (clock ticks since boot), so a reused pid is not taken for it.
     * @param uid        the user it runs as: the only owner an answer may have.
     */
    record Desk(long pid, long startTicks, int uid)
    {
    }

    /**
     * Finds the daemon that holds the state directory's lock and checks that its control desk is
     * the one that process announced: the kernel's lock holder ({@link StateLock#probe}), its
     * start time and user from {@code /proc}, and {@code desk.properties} (owned by that user)
     * must all agree. Nothing written into the state directory alone can pass this.
     *
     * @param state a state directory.
     * @return the daemon whose control desk is open there.
     * @throws ControlException when none is, or when what is there cannot be proven to be it.
     */
    static Desk runningDaemon(final Path state)
    {
        if (!Files.isDirectory(state))
        {
            throw new ControlException("no state directory at " + state + "; pass --state with the directory the daemon runs on");
        }
        final StateLock.Probe lock;
        try
        {
            lock = StateLock.probe(state);
        }
        catch (final StateLockException ex)
        {
            throw new ControlException(ex.getMessage());
        }
        if (!lock.held())
        {
            throw new ControlException("no Horizon is running on " + state + " (nothing holds its lock " +
                state.resolve(StateLock.FILE_NAME) + "); start one with: horizon run --state " + state);
        }
        if (lock.holderPid() == StateLock.UNKNOWN_PID)
        {
            throw new ControlException("a process holds the lock of " + state + " but the kernel does not say which " +
                "(no /proc/locks: not Linux, or another pid namespace); run the command where the daemon runs");
        }
        final long pid = lock.holderPid();
        final Path deskFile = ControlChannel.desk(state);
        final Properties p = new Properties();
        try
        {
            p.load(new StringReader(new String(PlainFile.read(deskFile, ControlChannel.MAX_FILE_BYTES), StandardCharsets.UTF_8)));
        }
        catch (final NoSuchFileException ex)
        {
            throw new ControlException("the Horizon on " + state + " (pid " + pid + ") has not opened its control desk " +
                deskFile + " (starting, recovering or stopping); try again in a moment");
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            throw new ControlException("cannot read " + deskFile + ": " + ex.getMessage() + "; restart the daemon");
        }
        final long deskPid = number(p, "pid");
        if (deskPid != pid)
        {
            throw new ControlException(deskFile + " names pid " + deskPid + " but pid " + pid + " holds the lock of " + state +
                "; not trusting it: someone else wrote it. Restart the daemon and find out who wrote that file");
        }
        final long startTicks = LinuxProcess.startTicks(pid).orElse(-1);
        final int uid = LinuxProcess.uid(pid).orElse(-1);
        if (startTicks < 0 || uid < 0 || number(p, "start_ticks") != startTicks)
        {
            throw new ControlException(deskFile + " does not match the process that holds the lock of " + state + " (pid " +
                pid + ", started at tick " + startTicks + "); it is stale or forged. Restart the daemon");
        }
        if (LinuxProcess.ownerUid(deskFile).orElse(-1) != uid)
        {
            throw new ControlException(deskFile + " is owned by uid " + LinuxProcess.ownerUid(deskFile).orElse(-1) +
                ", not by the daemon's user (uid " + uid + "); someone else wrote it. Restart the daemon");
        }
        return new Desk(pid, startTicks, uid);
    }

    private static long number(final Properties p, final String key)
    {
        try
        {
            return Long.parseLong(p.getProperty(key, "").trim());
        }
        catch (final NumberFormatException ex)
        {
            return Long.MIN_VALUE;
        }
    }

    /**
     * Waits for the answer and trusts it only when the daemon wrote it: a plain file owned by the
     * daemon's user, for this request, while the same process still holds the lock.
     */
    private static ControlAck await(
        final Path state, final Desk desk, final ControlRequest request, final Path ackFile, final long millis)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        do
        {
            try
            {
                final ControlAck ack = ControlAck.read(ackFile);
                final int owner = LinuxProcess.ownerUid(ackFile).orElse(-1);
                Files.deleteIfExists(ackFile);
                if (owner != desk.uid())
                {
                    throw new ControlException("the answer " + ackFile + " is owned by uid " + owner + ", not by the daemon's " +
                        "user (uid " + desk.uid() + "): it was not written by the daemon, so it is ignored and the outcome " +
                        "is unknown. Check with: horizon replay --state " + state + " --type control");
                }
                if (!request.id().equals(ack.id()))
                {
                    throw new ControlException("the answer " + ackFile + " is for request " + RequestText.quote(ack.id()) +
                        ", not " + request.id() + "; it is ignored and the outcome is unknown. Check with: horizon replay --state " +
                        state + " --type control");
                }
                final Desk now = runningDaemon(state);
                if (!now.equals(desk))
                {
                    throw new ControlException("the daemon that took the command (pid " + desk.pid() + ") no longer holds " +
                        state + "; the answer cannot be trusted. Check with: horizon replay --state " + state + " --type control");
                }
                return ack;
            }
            catch (final NoSuchFileException ex)
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MS));
            }
            catch (final IOException ex)
            {
                throw new ControlException("cannot read the daemon's answer " + ackFile + ": " + ex.getMessage());
            }
        }
        while (System.nanoTime() < deadline);
        return null;
    }
}
