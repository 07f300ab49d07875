package io.horizon.ops.deploy;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import io.horizon.ops.cli.HorizonCommand;

/**
 * The command line that starts the real {@code horizon} CLI in a child JVM: this JVM's java,
 * the module flags it was given (the same {@code <horizon.jvm.flags>} the deployment files
 * carry), and the test class path.
 * <p>
 * Stateless; any thread.
 */
final class HorizonCli
{
    private HorizonCli()
    {
    }

    /**
     * @param args the CLI arguments, e.g. {@code run --state DIR}.
     * @return the full command.
     */
    static List<String> command(final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            // The module flags Chronicle and Agrona need; leave agents and debug flags behind.
            if (arg.startsWith("--add-") || arg.startsWith("--enable-native-access") ||
                arg.startsWith("--sun-misc") || arg.startsWith("-Dchronicle"))
            {
                command.add(arg);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(HorizonCommand.class.getName());
        command.addAll(List.of(args));
        return command;
    }
}
