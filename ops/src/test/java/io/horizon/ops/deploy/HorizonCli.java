package io.horizon.ops.deploy;

import java.util.List;

import io.horizon.ops.support.HorizonProcess;

/**
 * The command line that starts the real {@code horizon} CLI in a child JVM: this JVM's java,
 * the flags it was given (the same {@code <horizon.jvm.flags>} the deployment files carry), the
 * child JVMs' JIT flags, and the test class path ({@link HorizonProcess#command}).
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
        return HorizonProcess.command(args);
    }
}
