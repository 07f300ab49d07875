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

/**
 * The CLI's end of the control channel: hands one command to the daemon running on a state
 * directory and waits for its acknowledgement. Says clearly when no daemon runs there. A command
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
        final long pid = runningDaemon(state);
        final long now = System.currentTimeMillis();
        return deliver(state, pid, new ControlRequest(
            newId(now), action, value, reason, System.getProperty("user.name", "unknown"), now + timeout.toMillis()), timeout);
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
        final long pid = runningDaemon(state);
        final long now = System.currentTimeMillis();
        return deliver(state, pid, ControlRequest.redrive(
            newId(now), dlqId, System.getProperty("user.name", "unknown"), now + timeout.toMillis()), timeout);
    }

    private static String newId(final long now)
    {
        return String.format("%013d-%d-%08x", now, ProcessHandle.current().pid(), ThreadLocalRandom.current().nextInt());
    }

    private static ControlAck deliver(final Path state, final long pid, final ControlRequest request, final Duration timeout)
    {
        final String id = request.id();
        final Path requestFile = ControlChannel.requests(state).resolve(id + ControlChannel.REQUEST);
        final Path ackFile = ControlChannel.acks(state).resolve(id + ControlChannel.ACK);
        try
        {
            AtomicFile.write(requestFile, request.toText());
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

        ControlAck ack = await(ackFile, timeout.toMillis());
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
            ack = await(ackFile, CLAIMED_GRACE_MS);
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
     * @param state a state directory.
     * @return the pid of the daemon whose control desk is open there.
     * @throws ControlException when none is.
     */
    static long runningDaemon(final Path state)
    {
        if (!Files.isDirectory(state))
        {
            throw new ControlException("no state directory at " + state + "; pass --state with the directory the daemon runs on");
        }
        final Path desk = ControlChannel.desk(state);
        final Properties p = new Properties();
        try
        {
            p.load(new StringReader(Files.readString(desk, StandardCharsets.UTF_8)));
        }
        catch (final NoSuchFileException ex)
        {
            throw new ControlException("no Horizon is running on " + state + " (its control desk " + desk +
                " is absent); start one with: horizon run --state " + state);
        }
        catch (final IOException ex)
        {
            throw new ControlException("cannot read " + desk + ": " + ex.getMessage());
        }
        final long pid;
        try
        {
            pid = Long.parseLong(p.getProperty("pid", "").trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new ControlException(desk + " is damaged (no pid); restart the daemon");
        }
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
        {
            throw new ControlException("no Horizon is running on " + state + ": the daemon that opened its control desk (pid " +
                pid + ") is gone without closing it. Start one with: horizon run --state " + state);
        }
        return pid;
    }

    private static ControlAck await(final Path ackFile, final long millis)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        do
        {
            try
            {
                final ControlAck ack = ControlAck.read(ackFile);
                Files.deleteIfExists(ackFile);
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
