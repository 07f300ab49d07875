package io.horizon.ops.secrets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Secrets from a credentials file ({@code credentials.env}): one {@code KEY=VALUE} a line, in
 * environment style ({@code ALPACA_KEY=...}) or dotted ({@code alpaca.key=...}); blank lines and
 * {@code #} comments are skipped; an {@code export } prefix and matching quotes around the value
 * are allowed.
 * <p>
 * The file is refused, with a message that names it and the command that fixes it, when its group
 * or others have any permission on it, or when it is owned by a user other than the one running
 * Horizon: a secret another account can read or replace is not a secret. Errors never quote a
 * line of the file, which may hold a value.
 * <p>
 * Immutable snapshot of the file at {@link #load}; any thread.
 */
public final class FileSecrets implements SecretSource
{
    /** The file's usual name. */
    public static final String FILE_NAME = "credentials.env";

    private static final Set<PosixFilePermission> FOREIGN = Set.of(
        PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
        PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    /** The most a credentials file may hold: KEY=VALUE lines (a PEM key included) are far smaller. */
    static final int MAX_BYTES = 1 << 20;

    private final Path path;
    private final Map<String, String> values;

    private FileSecrets(final Path path, final Map<String, String> values)
    {
        this.path = path;
        this.values = Map.copyOf(values);
    }

    /**
     * Checks the file's owner and permissions, then reads it.
     *
     * @param file the credentials file.
     * @return its secrets.
     * @throws SecretsException when the file is missing, unreadable, too open, foreign or malformed.
     */
    public static FileSecrets load(final Path file)
    {
        final Path path = file.toAbsolutePath().normalize();
        checkTrusted(path);
        final List<String> lines;
        try (InputStream in = Files.newInputStream(path))
        {
            // Bounded: a link to a huge file of ours (a log) is refused, not read whole into memory.
            final byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES)
            {
                throw new SecretsException("credentials file " + path + " holds more than " + MAX_BYTES + " bytes, far more " +
                    "than KEY=VALUE lines take; refusing it. Point --credentials at the credentials file");
            }
            lines = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString().lines().toList();
        }
        catch (final CharacterCodingException ex)
        {
            throw new SecretsException("credentials file " + path + " is not UTF-8 text (binary content); refusing it. " +
                "Rewrite it as KEY=VALUE lines");
        }
        catch (final NoSuchFileException ex)
        {
            throw new SecretsException("credentials file " + path + " does not exist; create it (chmod 600) or pass --credentials FILE");
        }
        catch (final IOException ex)
        {
            throw new SecretsException("cannot read credentials file " + path + " (" + ex.getClass().getSimpleName() +
                "); check that it is a readable file owned by you");
        }
        final Map<String, String> values = new HashMap<>();
        for (int i = 0; i < lines.size(); i++)
        {
            final String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#"))
            {
                continue;
            }
            final String assignment = line.startsWith("export ") ? line.substring("export ".length()).strip() : line;
            final int eq = assignment.indexOf('=');
            final String name = eq < 0 ? "" : assignment.substring(0, eq).strip();
            if (eq <= 0 || !name.matches("[A-Za-z][A-Za-z0-9._-]*"))
            {
                throw new SecretsException("credentials file " + path + " line " + (i + 1) +
                    ": expected KEY=VALUE (the line is not shown: it may hold a secret)");
            }
            final String key = SecretKeys.toEnvironmentName(name);
            if (values.containsKey(key))
            {
                throw new SecretsException("credentials file " + path + " line " + (i + 1) + ": key " + name +
                    " is set twice; keep one line per key");
            }
            values.put(key, unquote(assignment.substring(eq + 1).strip()));
        }
        return new FileSecrets(path, values);
    }

    /**
     * Refuses a file that anyone but its owner can use, or that someone else owns.
     *
     * @param path the file.
     * @throws SecretsException naming the file and the fix.
     */
    static void checkTrusted(final Path path)
    {
        checkTrusted(path, System.getenv("CREDENTIALS_DIRECTORY"));
    }

    /**
     * @param path                  the file.
     * @param credentialsDirectory  systemd's {@code $CREDENTIALS_DIRECTORY} for this service, or
     *                              {@code null}: a file directly in it is systemd's private,
     *                              read-only copy ({@code LoadCredential=}), which systemd may
     *                              give root as owner and an ACL for the service's user, so its
     *                              owner and mode bits are not held against it.
     */
    static void checkTrusted(final Path path, final String credentialsDirectory)
    {
        if (credentialsDirectory != null && !credentialsDirectory.isBlank() &&
            path.toAbsolutePath().normalize().getParent().equals(Path.of(credentialsDirectory).toAbsolutePath().normalize()) &&
            Files.isRegularFile(path, java.nio.file.LinkOption.NOFOLLOW_LINKS))
        {
            return;
        }
        final PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (view == null)
        {
            // No POSIX permissions to check on this file system (not the case on Linux hosts).
            return;
        }
        final PosixFileAttributes attributes;
        try
        {
            attributes = view.readAttributes();
        }
        catch (final NoSuchFileException ex)
        {
            throw new SecretsException("credentials file " + path + " does not exist; create it (chmod 600) or pass --credentials FILE");
        }
        catch (final IOException ex)
        {
            throw new SecretsException("cannot read the permissions of credentials file " + path + " (" +
                ex.getClass().getSimpleName() + ")");
        }
        if (!attributes.isRegularFile())
        {
            throw new SecretsException("credentials file " + path + " is not a regular file; point --credentials at a file");
        }
        // Who runs horizon is the kernel's answer (the uid), not -Duser.name.
        final java.util.OptionalInt self = io.horizon.ops.state.LinuxProcess.selfUid();
        final java.util.OptionalInt ownerUid = io.horizon.ops.state.LinuxProcess.ownerUid(path);
        final String user = System.getProperty("user.name");
        final String chownTo = self.isPresent() ? Integer.toString(self.getAsInt()) : user;
        final String owner = attributes.owner().getName();
        if (self.isPresent() && ownerUid.isPresent() ? self.getAsInt() != ownerUid.getAsInt() : !owner.equals(user))
        {
            throw new SecretsException("credentials file " + path + " is owned by '" + owner + "', not by '" + user +
                "' (uid " + chownTo + ") who runs horizon; refusing it. Fix: chown " + chownTo + " " + path + " && chmod 600 " + path);
        }
        final Set<PosixFilePermission> permissions = attributes.permissions();
        for (final PosixFilePermission p : permissions)
        {
            if (FOREIGN.contains(p))
            {
                throw new SecretsException("credentials file " + path + " has permissions " +
                    PosixFilePermissions.toString(permissions) + ", so its group or other users can use it; refusing it. Fix: chmod 600 " + path);
            }
        }
    }

    private static String unquote(final String value)
    {
        if (value.length() >= 2 &&
            (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'")))
        {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    @Override
    public Optional<String> lookup(final String key)
    {
        return Optional.ofNullable(values.get(SecretKeys.toEnvironmentName(key)));
    }

    @Override
    public Set<String> keys()
    {
        final Set<String> keys = new TreeSet<>();
        for (final String name : values.keySet())
        {
            keys.add(SecretKeys.fromEnvironmentName(name));
        }
        return keys;
    }

    @Override
    public String describe()
    {
        return "file " + path;
    }

    /**
     * @return the file read.
     */
    public Path path()
    {
        return path;
    }
}
