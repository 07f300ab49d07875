package io.horizon.ops.cli;

import java.util.concurrent.Callable;

import io.horizon.engine.event.ControlAction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code horizon reset}: asks the running daemon to reset an engaged kill switch.
 */
@Command(
    name = "reset",
    header = "Reset a running daemon's kill switch, with your reason.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Reset the kill switch of the Horizon running on a state directory. A reset must",
        "state its reason: it becomes a RESET control event, journaled with your OS user and",
        "reason before the engine acts on it, so the audit log shows who re-enabled trading",
        "and why. Reached through STATE/control, like horizon kill.",
        "",
        "Exit status: 0 the daemon took the command; 1 no daemon runs there, it refused, or it",
        "did not answer within --timeout (the command is then withdrawn); 2 bad arguments.",
        "",
        "Examples:",
        "  horizon reset --reason \"venue fixed the fill feed, INC-2291 closed\"",
        "  horizon reset --state /var/lib/horizon --reason \"risk signed off by bob\"",
        "",
        "Options:"
    })
public final class ResetCommand implements Callable<Integer>
{
    @Option(names = "--reason", paramLabel = "TEXT", required = true,
        description = "Why trading may resume, in one line; required, journaled and audited with your user name.")
    String reason;

    @Mixin
    ControlTargetOptions target;

    @Override
    public Integer call()
    {
        return OperatorCommand.send(target.state, ControlAction.RESET, reason, target.timeout);
    }
}
