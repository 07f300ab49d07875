package io.horizon.ops.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A command-line tool a deployment check calls (promtool, systemd-analyze, shellcheck,
 * strace). A check whose tool is not installed is skipped with a message naming the package
 * that provides it, except in CI: {@code .ci/run} installs every tool and sets
 * {@code HORIZON_REQUIRE_DEPLOY_TOOLS=1}, and then a missing tool fails the check, so CI
 * can never pass by skipping.
 * <p>
 * Stateless; any thread.
 */
final class ExternalTool
{
    /** Set by {@code .ci/run}: a missing tool is a failure, not a skip. */
    static final String REQUIRE_TOOLS = "HORIZON_REQUIRE_DEPLOY_TOOLS";

    private static final long TIMEOUT_S = 300;

    private ExternalTool()
    {
    }

    /**
     * The result of one run.
     *
     * @param exitCode the exit status.
     * @param output   stdout and stderr together.
     */
    record Result(int exitCode, String output)
    {
    }

    /**
     * @param name        the executable, e.g. {@code promtool}.
     * @param installHint how to install it, e.g. {@code apt-get install prometheus}.
     * @return its path on the PATH; skips (or, in CI, fails) the calling test when absent.
     */
    static Path require(final String name, final String installHint)
    {
        final Path found = find(name);
        if (found == null)
        {
            final String message = name + " is not installed, so this deployment check cannot run; install it with `" +
                installHint + "` (.ci/run does)";
            if ("1".equals(System.getenv(REQUIRE_TOOLS)))
            {
                Assertions.fail(message + " [" + REQUIRE_TOOLS + "=1]");
            }
            Assumptions.abort(message);
        }
        return found;
    }

    /**
     * @param name an executable name.
     * @return its path on the PATH, or null.
     */
    static Path find(final String name)
    {
        final String path = System.getenv("PATH");
        if (path == null)
        {
            return null;
        }
        for (final String dir : path.split(File.pathSeparator))
        {
            final Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /**
     * Runs a command to completion.
     *
     * @param workDir     the working directory.
     * @param environment variables to add to this process's environment.
     * @param command     the command and its arguments.
     * @return the exit status and the output.
     */
    static Result run(final Path workDir, final Map<String, String> environment, final List<String> command)
    {
        final ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
            .directory(workDir.toFile())
            .redirectErrorStream(true);
        builder.environment().putAll(environment);
        try
        {
            final Path log = Files.createTempFile("horizon-tool", ".log");
            try
            {
                final Process process = builder.redirectOutput(log.toFile()).start();
                if (!process.waitFor(TIMEOUT_S, TimeUnit.SECONDS))
                {
                    process.destroyForcibly().waitFor();
                    Assertions.fail(String.join(" ", command) + " did not finish in " + TIMEOUT_S + " s:\n" +
                        Files.readString(log, StandardCharsets.UTF_8));
                }
                return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            }
            finally
            {
                Files.deleteIfExists(log);
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot run " + command, ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, ex);
        }
    }

    /**
     * Runs a command in the repository root with the environment unchanged.
     *
     * @param command the command and its arguments.
     * @return the exit status and the output.
     */
    static Result run(final String... command)
    {
        return run(DeployKit.root(), Map.of(), List.of(command));
    }
}
