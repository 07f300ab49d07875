package io.horizon.ops.secrets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import io.horizon.ops.state.LinuxProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A credentials file systemd hands in with {@code LoadCredential=} is trusted by where it is (the
 * service's private {@code $CREDENTIALS_DIRECTORY}), whatever owner and ACL mask systemd gave it;
 * the same file anywhere else is held to the owner-and-0600 rule, by uid, not {@code -Duser.name}.
 */
final class SystemdCredentialTest
{
    @TempDir
    Path dir;

    @Test
    void shouldTrustSystemdsCopyButNotTheSameFileElsewhere() throws Exception
    {
        Assumptions.assumeTrue(LinuxProcess.selfUid().orElse(-1) == 0, "needs root to give a file to another owner");
        final Path credentials = Files.createDirectory(dir.resolve("credentials"));
        final Path file = credentials.resolve("credentials.env");
        Files.writeString(file, "ALPACA_KEY=x\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r-----"));
        Files.setAttribute(file, "unix:uid", 65534);

        assertDoesNotThrow(() -> FileSecrets.checkTrusted(file, credentials.toString()));
        final SecretsException elsewhere = assertThrows(SecretsException.class, () -> FileSecrets.checkTrusted(file, null));
        assertTrue(elsewhere.getMessage().contains("(uid 0) who runs horizon") && elsewhere.getMessage().contains("chown 0 "),
            elsewhere.getMessage());
        final String userName = System.getProperty("user.name");
        try
        {
            // A spoofed -Duser.name does not make someone else's file ours.
            System.setProperty("user.name", "nobody");
            assertThrows(SecretsException.class, () -> FileSecrets.checkTrusted(file, null));
        }
        finally
        {
            System.setProperty("user.name", userName);
        }
    }
}
