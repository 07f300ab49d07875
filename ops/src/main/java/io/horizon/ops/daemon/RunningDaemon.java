package io.horizon.ops.daemon;

import java.nio.file.Path;

import io.horizon.ops.state.StateLock;

/**
 * Tells a CLI verb whether a daemon is running on a state directory. The same probe as
 * {@link StateDirectory#isInUse} and {@link DaemonProcess#find}: {@link StateLock#probe}.
 * <p>
 * Stateless; any thread.
 */
public final class RunningDaemon
{
    private RunningDaemon()
    {
    }

    /**
     * @param stateDirectory a state directory.
     * @return true when a daemon (in this process or another) holds its lock.
     * @throws io.horizon.ops.state.StateLockException when the lock cannot be checked.
     */
    public static boolean isRunning(final Path stateDirectory)
    {
        return StateLock.probe(stateDirectory).held();
    }
}
