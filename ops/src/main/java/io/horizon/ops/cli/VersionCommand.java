package io.horizon.ops.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/**
 * {@code horizon version}: fast on purpose, because the container health check runs it every
 * 30 seconds. It starts nothing and touches no state.
 */
@Command(
    name = "version",
    header = "Print Horizon's version, build commit and Java runtime.",
    mixinStandardHelpOptions = true,
    description = {
        "Print Horizon's version, the commit it was built from, and the Java runtime.",
        "Starts nothing; the container health check runs it every 30 s.",
        "",
        "Example:",
        "  horizon version"
    })
public final class VersionCommand implements Callable<Integer>
{
    @Override
    public Integer call()
    {
        System.out.println("horizon " + BuildInfo.version() +
            " (commit " + BuildInfo.commit() + ")" +
            " java " + Runtime.version() + " " + System.getProperty("java.vm.name", ""));
        return 0;
    }
}
