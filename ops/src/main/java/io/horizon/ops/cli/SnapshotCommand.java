package io.horizon.ops.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.horizon.ops.control.ControlAck;
import io.horizon.ops.control.ControlClient;
import io.horizon.ops.control.ControlException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code horizon snapshot}: asks the running daemon to snapshot its engine state now.
 * <p>
 * The CLI's thread.
 */
@Command(
    name = "snapshot",
    header = "Snapshot a running daemon's engine state now.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Ask the Horizon running on a state directory to snapshot its engine state (orders,",
        "positions and cash, risk limits and windows, kill switch, watchdog, strategies) into",
        "STATE/snapshots, through STATE/control like horizon kill. The engine pauses only to copy",
        "its state; the file is written, fsynced and renamed into place off the engine thread.",
        "The next recovery starts from the newest sound snapshot and replays only the journal",
        "after it. The daemon also snapshots by itself, as the preset's [snapshots] says.",
        "",
        "Exit status: 0 the snapshot is on disk; 1 no daemon runs there, it refused or failed, or",
        "it did not answer within --timeout; 2 bad arguments.",
        "",
        "Examples:",
        "  horizon snapshot",
        "  horizon snapshot --state /var/lib/horizon --timeout 60s",
        "",
        "Options:"
    })
public final class SnapshotCommand implements Callable<Integer>
{
    @Mixin
    ControlTargetOptions target;

    @Override
    public Integer call()
    {
        final Path dir = target.state.toAbsolutePath().normalize();
        final ControlAck ack;
        try
        {
            ack = ControlClient.snapshot(dir, target.timeout);
        }
        catch (final ControlException ex)
        {
            System.err.println("horizon: error: " + ex.getMessage());
            return 1;
        }
        if (ack.status() != ControlAck.Status.PROCESSED)
        {
            System.err.println("horizon: error: Horizon on " + dir + " did not snapshot (" +
                ack.status().name().toLowerCase(Locale.ROOT) + "): " + ack.message());
            return 1;
        }
        System.out.println(ack.message());
        return 0;
    }
}
