package io.horizon.ops.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who runs a CLI verb, for the audit log: the operating-system user that owns this process,
 * read as the owner of a file the kernel makes for it ({@code /proc/self}, or else a temporary
 * file this process creates), never a name the caller types or {@code -Duser.name}. The same rule
 * as the daemon's, which names the owner of a control request file.
 * <p>
 * Stateless; any thread.
 */
final class OperatorIdentity
{
    private OperatorIdentity()
    {
    }

    /**
     * @return {@code user:NAME}.
     * @throws IllegalStateException when the operating system names no owner.
     */
    static String actor()
    {
        return "user:" + name();
    }

    /**
     * @return the user name that owns this process.
     */
    static String name()
    {
        try
        {
            final Path self = Path.of("/proc/self");
            if (Files.isDirectory(self))
            {
                return Files.getOwner(self).getName();
            }
            final Path probe = Files.createTempFile("horizon-operator", ".tmp");
            try
            {
                return Files.getOwner(probe).getName();
            }
            finally
            {
                Files.deleteIfExists(probe);
            }
        }
        catch (final IOException | UnsupportedOperationException ex)
        {
            throw new IllegalStateException("cannot tell which operating-system user runs this command (" + ex.getMessage() +
                "); run it as the operator's own user on a POSIX host", ex);
        }
    }
}
