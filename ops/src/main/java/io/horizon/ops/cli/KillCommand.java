package io.horizon.ops.cli;

import java.util.concurrent.Callable;

import io.horizon.engine.event.ControlAction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code horizon kill}: asks the running daemon to engage the kill switch.
 */
@Command(
    name = "kill",
    header = "Engage a running daemon's kill switch, with your reason.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Engage the kill switch of the Horizon running on a state directory: the command",
        "becomes a KILL control event, journaled with your OS user and reason (so it is audited",
        "and replayed on recovery) before the engine acts on it. The daemon is reached through",
        "STATE/control (no network listener; its file permissions are the access control).",
        "It stays engaged until horizon reset.",
        "",
        "Exit status: 0 the daemon took the command; 1 no daemon runs there, it refused, or it",
        "did not answer within --timeout (the command is then withdrawn); 2 bad arguments.",
        "",
        "Examples:",
        "  horizon kill --reason \"venue sending bad fills\"",
        "  horizon kill --state /var/lib/horizon --reason \"INC-2291: runaway quoting\"",
        "  horizon replay --type control        # see it in the journal",
        "",
        "Options:"
    })
public final class KillCommand implements Callable<Integer>
{
    @Option(names = "--reason", paramLabel = "TEXT", required = true,
        description = "Why, in one line; journaled and audited with your user name.")
    String reason;

    @Mixin
    ControlTargetOptions target;

    @Override
    public Integer call()
    {
        return OperatorCommand.send(target.state, ControlAction.KILL, reason, target.timeout);
    }
}
