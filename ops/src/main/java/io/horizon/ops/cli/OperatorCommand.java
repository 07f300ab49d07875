package io.horizon.ops.cli;

import java.nio.file.Path;
import java.time.Duration;

import io.horizon.engine.event.ControlAction;
import io.horizon.ops.control.ControlAck;
import io.horizon.ops.control.ControlClient;
import io.horizon.ops.control.ControlException;
import io.horizon.ops.control.RequestText;

/**
 * What {@code horizon kill} and {@code horizon reset} share: check the reason, hand the command
 * to the daemon through the control channel, and report what became of it.
 * <p>
 * Stateless; the CLI's thread.
 */
final class OperatorCommand
{
    private OperatorCommand()
    {
    }

    /**
     * @return the exit status: 0 when the daemon took the command, 1 when it did not or none runs.
     * @throws IllegalArgumentException when the reason is blank, not one line, or too long.
     */
    static int send(final Path state, final ControlAction action, final String reason, final Duration timeout)
    {
        final String verb = action.name().toLowerCase(java.util.Locale.ROOT);
        if (reason == null || reason.isBlank())
        {
            throw new IllegalArgumentException("--reason must not be blank: say why, e.g. horizon " + verb +
                " --reason \"venue sending bad fills\"; it is journaled and audited");
        }
        final String problem = RequestText.problem(reason.strip());
        if (problem != null)
        {
            // The daemon checks the same again: a request file may be written by hand.
            throw new IllegalArgumentException("--reason " + RequestText.quote(reason) + " refused: " + problem);
        }
        final Path dir = state.toAbsolutePath().normalize();
        final ControlAck ack;
        try
        {
            ack = ControlClient.submit(dir, action, 0, reason.strip(), timeout);
        }
        catch (final ControlException ex)
        {
            System.err.println("horizon: error: " + ex.getMessage());
            return 1;
        }
        if (!ack.status().published())
        {
            System.err.println("horizon: error: Horizon on " + dir + " refused " + action + " (" +
                ack.status().name().toLowerCase(java.util.Locale.ROOT) + "): " + ack.message());
            return 1;
        }
        System.out.println(action + " " + ack.status().name().toLowerCase(java.util.Locale.ROOT) + " by Horizon on " + dir +
            ": " + ack.message() + "; operator " + ack.actor() + ", reason \"" + reason.strip() + "\"");
        System.out.println("  the control event is in the journal: horizon replay --state " + state + " --type control");
        return 0;
    }
}
