package io.horizon.ops.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code horizon secrets}: the verbs over the credentials a daemon uses.
 */
@Command(
    name = "secrets",
    mixinStandardHelpOptions = true,
    description = {
        "Check and rotate the secrets Horizon reads: the environment (alpaca.key is ALPACA_KEY",
        "or HORIZON_ALPACA_KEY) overrides the credentials file (KEY=VALUE lines; chmod 600;",
        "owned by the user running horizon; default STATE/credentials.env). Values are never",
        "printed; every read is audited as secret.access with the key's name.",
        "",
        "Examples:",
        "  horizon secrets check --require alpaca.key,alpaca.secret",
        "  horizon secrets rotate --from new-credentials.env --dry-run",
        "  horizon secrets rotate --from new-credentials.env     # install, then SIGHUP the daemon",
        ""
    },
    subcommands = {SecretsCheckCommand.class, SecretsRotateCommand.class, CommandLine.HelpCommand.class})
public final class SecretsCommand implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(System.out);
    }
}
