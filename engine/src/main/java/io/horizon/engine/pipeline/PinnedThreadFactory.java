package io.horizon.engine.pipeline;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ThreadFactory;

import net.openhft.affinity.AffinityLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the pipeline's threads, names them by role in the order the Disruptor starts its
 * consumers, and pins the roles asked for to a reserved CPU through OpenHFT affinity.
 * <p>
 * Pinning is best effort by design: on a host with no reservable CPU (a 2-core box has at most
 * one) the lock comes back with cpu id -1, and the thread runs unpinned after one log line that
 * says so. A missing native library is treated the same way. Nothing here can stop the engine.
 * <p>
 * Threading: {@link #newThread} is called by the Disruptor on the starting thread.
 */
public final class PinnedThreadFactory implements ThreadFactory
{
    private static final Logger LOG = LoggerFactory.getLogger(PinnedThreadFactory.class);

    private final Deque<String> roles;
    private final Set<String> pinnedRoles;
    private int unnamed;

    /**
     * @param roles       role names for the threads in creation order ({@code journal, blp, gateway}).
     * @param pinnedRoles roles to pin; empty for none.
     */
    public PinnedThreadFactory(final Iterable<String> roles, final Set<String> pinnedRoles)
    {
        this.roles = new ArrayDeque<>();
        roles.forEach(this.roles::add);
        this.pinnedRoles = Set.copyOf(pinnedRoles);
    }

    @Override
    public synchronized Thread newThread(final Runnable runnable)
    {
        final String role = roles.isEmpty() ? "worker-" + (unnamed++) : roles.poll();
        final boolean pin = pinnedRoles.contains(role);
        final Thread thread = new Thread(() -> runMaybePinned(role, pin, runnable), "horizon-" + role);
        thread.setDaemon(true);
        return thread;
    }

    private static void runMaybePinned(final String role, final boolean pin, final Runnable runnable)
    {
        if (!pin)
        {
            runnable.run();
            return;
        }
        AffinityLock lock = null;
        try
        {
            lock = AffinityLock.acquireLock();
            if (lock.cpuId() < 0 || !lock.isBound())
            {
                LOG.warn("no reservable CPU for thread '{}'; running it unpinned (reserve cores with isolcpus for pinning)", role);
                lock.release();
                lock = null;
            }
            else
            {
                LOG.info("thread '{}' pinned to cpu {}", role, lock.cpuId());
            }
        }
        catch (final Throwable t)
        {
            LOG.warn("could not pin thread '{}' ({}); running it unpinned", role, t.toString());
            lock = null;
        }
        try
        {
            runnable.run();
        }
        finally
        {
            if (lock != null)
            {
                lock.release();
            }
        }
    }
}
