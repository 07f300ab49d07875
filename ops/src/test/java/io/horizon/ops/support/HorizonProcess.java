package io.horizon.ops.support;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.horizon.ops.cli.HorizonCommand;

/**
 * Runs the {@code horizon} CLI as a separate JVM, the way an operator does, with the flags it runs
 * with (the module flags Chronicle, Agrona and Artio need) and C1-only JIT ({@link #CHILD_JVM_FLAGS}),
 * for end-to-end tests of every verb.
 */
public final class HorizonProcess
{
    /** Longest a daemon may take to say it runs, or a one-shot verb to finish. */
    public static final long TIMEOUT_S = 60;

    /**
     * JIT flags of the child JVMs the tests start. They live for seconds, never reaching the steady
     * state C2 compiles for, and on a 2-core CI machine the C2 compiler threads take CPU from the
     * test and its daemons: C1 only ({@code TieredStopAtLevel=1}) takes about a third less CPU per
     * child (a 1 s paper run: 3.0 s instead of 4.6 s of CPU; {@code replay --verify}: 2.1 s instead
     * of 3.0 s). The code run is the same; only how it is compiled differs.
     */
    public static final List<String> CHILD_JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1");

    private HorizonProcess()
    {
    }

    /**
     * The outcome of a one-shot verb.
     *
     * @param exitCode its exit status.
     * @param output   stdout and stderr together.
     */
    public record Result(int exitCode, String output)
    {
        @Override
        public String toString()
        {
            return "exit " + exitCode + ":\n" + output;
        }
    }

    /**
     * Starts {@code horizon ARGS} in the background, its output going to a log file.
     */
    public static Process start(final Path log, final String... args) throws IOException
    {
        return start(log, java.util.Map.of(), args);
    }

    /**
     * Starts {@code horizon ARGS} in the background with extra environment variables.
     */
    public static Process start(final Path log, final java.util.Map<String, String> environment, final String... args)
        throws IOException
    {
        final ProcessBuilder builder = new ProcessBuilder(command(args)).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    /**
     * Runs {@code horizon ARGS} to its end.
     */
    public static Result run(final Path dir, final String... args) throws Exception
    {
        final Path log = Files.createTempFile(dir, "horizon-", ".log");
        final Process process = start(log, args);
        if (!process.waitFor(TIMEOUT_S, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new AssertionError("horizon " + String.join(" ", args) + " did not finish:\n" + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    /**
     * Runs a verb in this JVM: cheaper than a process, for the checks around the end-to-end ones.
     */
    public static Result inProcess(final String... args)
    {
        final java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        final java.io.PrintStream stream = new java.io.PrintStream(captured, true, StandardCharsets.UTF_8);
        final java.io.PrintStream out = System.out;
        final java.io.PrintStream err = System.err;
        System.setOut(stream);
        System.setErr(stream);
        try
        {
            final int exit = HorizonCommand.execute(args);
            return new Result(exit, captured.toString(StandardCharsets.UTF_8));
        }
        finally
        {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /**
     * Waits until a background process has written a line containing the text.
     */
    public static void awaitLogLine(final Process process, final Path log, final String text) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (System.nanoTime() < deadline)
        {
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text))
            {
                return;
            }
            if (!process.isAlive())
            {
                throw new AssertionError("horizon exited early:\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("horizon never logged '" + text + "':\n" + Files.readString(log, StandardCharsets.UTF_8));
    }

    /**
     * Sends SIGTERM and waits for the process to end.
     *
     * @return its exit status.
     */
    public static int terminate(final Process process) throws InterruptedException
    {
        process.destroy();
        if (!process.waitFor(TIMEOUT_S, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new AssertionError("horizon did not stop on SIGTERM");
        }
        return process.exitValue();
    }

    /**
     * The command line that starts {@code horizon ARGS} in a child JVM: this JVM's java, the flags of
     * {@code <horizon.jvm.flags>} it was given (the module flags Chronicle, Agrona and Artio need, and
     * {@code -XX:-DontCompileHugeMethods}, as {@code bin/horizon} runs it), {@link #CHILD_JVM_FLAGS}, and the
     * test class path.
     */
    public static List<String> command(final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            // Carry the flags Horizon runs with; leave agents and debug flags behind.
            if (arg.startsWith("--add-") || arg.startsWith("--enable-native-access") ||
                arg.startsWith("--sun-misc") || arg.startsWith("-Dchronicle") || arg.equals("-XX:-DontCompileHugeMethods"))
            {
                command.add(arg);
            }
        }
        command.addAll(CHILD_JVM_FLAGS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(HorizonCommand.class.getName());
        command.addAll(List.of(args));
        return command;
    }
}
