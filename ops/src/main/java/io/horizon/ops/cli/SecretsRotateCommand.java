package io.horizon.ops.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import io.horizon.ops.daemon.DaemonProcess;
import io.horizon.ops.secrets.CredentialsLoader;
import io.horizon.ops.secrets.FileSecrets;
import io.horizon.ops.secrets.Secrets;
import io.horizon.ops.secrets.SecretsException;
import io.horizon.ops.secrets.SecretsVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code horizon secrets rotate}: loads the new credentials, verifies them (the dry-run hook:
 * every required key, and every key the current file holds, present and non-empty), then installs
 * the new file with an atomic rename and sends SIGHUP to the daemon on the state directory, which
 * loads, verifies and swaps the set in memory the same way.
 */
@Command(
    name = "rotate",
    mixinStandardHelpOptions = true,
    description = {
        "Rotate credentials: verify the new file (owner, chmod 600, every required key and every",
        "key the current file holds, present and non-empty), install it over the credentials file",
        "with an atomic rename, and send SIGHUP to the running daemon so it reloads, verifies and",
        "swaps its secrets in one step. Nothing is changed when verification fails.",
        "Without --from, the current file is re-verified and the daemon reloads it in place.",
        "Each key verified is audited as secret.access by user:<you> in STATE/audit.db when the",
        "state directory has one (with --postgres --writer ID, in that writer's chain in the",
        "PostgreSQL audit log); the daemon audits its own reload as system.",
        "",
        "Examples:",
        "  horizon secrets rotate --from new-credentials.env --dry-run   # verify only",
        "  horizon secrets rotate --from new-credentials.env --require alpaca.key,alpaca.secret",
        "  horizon secrets rotate                                        # reload after editing in place",
        ""
    },
    sortOptions = false)
public final class SecretsRotateCommand implements Callable<Integer>
{
    @Mixin
    SecretsOptions options;

    @Option(names = "--from", paramLabel = "FILE",
        description = "The new credentials file to install (same rules: chmod 600, yours).")
    Path from;

    @Option(names = "--dry-run", description = "Load and verify only; install nothing, signal nobody.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception
    {
        final Path target = options.credentialsFile().toAbsolutePath().normalize();
        final Path candidate = from != null ? from.toAbsolutePath().normalize() : target;
        final List<String> mustHave = new ArrayList<>(options.requiredKeys());
        if (!candidate.equals(target) && Files.exists(target))
        {
            // A rotation must not lose a key the daemon has now.
            for (final String key : FileSecrets.load(target).keys())
            {
                if (!mustHave.contains(key))
                {
                    mustHave.add(key);
                }
            }
        }
        final Secrets.Rotation rotation;
        try (SecretReadAudit audit = SecretReadAudit.open(options))
        {
            final Secrets secrets = new Secrets(new CredentialsLoader(null, System.getenv(), options.mapping).get(),
                audit.access(), SecretsOptions.user());
            rotation = secrets.rotate(
                new CredentialsLoader(candidate, System.getenv(), options.mapping), SecretsVerifier.requireKeys(mustHave), true);
            System.out.println("verified " + rotation.source() + ": keys " + rotation.keys() +
                (mustHave.isEmpty() ? "" : ", required " + mustHave + " present") + "; " + audit.describe());
        }

        final OptionalLong pid = DaemonProcess.find(options.state);
        if (dryRun)
        {
            System.out.println("dry run: would " + (candidate.equals(target) ? "keep " : "install it as ") + target +
                (pid.isPresent() ? " and send SIGHUP to daemon pid " + pid.getAsLong() : "; no daemon runs on " + options.state));
            return 0;
        }
        if (!candidate.equals(target))
        {
            install(candidate, target);
            System.out.println("installed " + target + " (atomic rename)");
        }
        if (pid.isEmpty())
        {
            System.out.println("no daemon runs on " + options.state + "; the next start reads " + target);
            return 0;
        }
        signal(pid.getAsLong());
        System.out.println("sent SIGHUP to daemon pid " + pid.getAsLong() +
            ": it reloads, verifies and swaps; see its log (secrets reloaded) or horizon_secrets_reloads_total");
        return 0;
    }

    private static void install(final Path candidate, final Path target) throws IOException
    {
        final Path dir = target.getParent();
        Files.createDirectories(dir);
        final Path staged = Files.createTempFile(dir, ".credentials-", ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try
        {
            Files.copy(candidate, staged, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("rw-------"));
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        finally
        {
            Files.deleteIfExists(staged);
        }
    }

    private static void signal(final long pid) throws IOException, InterruptedException
    {
        final Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(pid)).redirectErrorStream(true).start();
        final String output = new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0)
        {
            throw new SecretsException("could not send SIGHUP to daemon pid " + pid + " (" + output +
                "); the new file is installed: reload with kill -HUP " + pid + " or restart the daemon");
        }
    }
}
