package io.horizon.ops.cli;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import io.horizon.journal.audit.AuditStore;
import io.horizon.ops.support.HorizonProcess;
import io.horizon.ops.support.HorizonProcess.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code horizon replay --archive DIR} reads two files of the state directory to find the audit log
 * that vouches for the lifecycle ledger: {@code STATE/audit-backend} (which backend the daemon
 * writes) and, for PostgreSQL, {@code STATE/credentials.env} or the file {@code --credentials} names.
 * Whoever can write the state directory, or hand the operator a file, may plant anything there.
 * Each hostile form is refused with exit 2 and a message naming the file and the fix, with no
 * stack trace, nothing read whole into memory, no blocking open, no secret quoted, and nothing
 * unpacked. None of these needs a PostgreSQL server: each is refused before one is asked.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // before the fix a FIFO or /dev/zero hung the read
final class ReplayArchiveHostileFilesTest
{
    private static final String SECRET = "s3cret-value-never-printed";

    @TempDir
    Path dir;

    private Path state;
    private Path archive;
    private Path unpackTo;

    @BeforeEach
    void archiveTheFirstTwoDays() throws Exception
    {
        state = dir.resolve("state");
        archive = dir.resolve("archive");
        unpackTo = dir.resolve("unpacked");
        Files.createDirectories(state);
        try (AuditStore audit = AuditStore.forFlusher(state.resolve(AuditStore.FILE_NAME)))
        {
            ArchivedTwoDays.write(state, archive, audit);
        }
    }

    private Result replayArchive(final String... more)
    {
        final String[] args = new String[6 + more.length];
        System.arraycopy(new String[]{"replay", "--state", state.toString(), "--archive", archive.toString(), "--inputs-only"},
            0, args, 0, 6);
        System.arraycopy(more, 0, args, 6, more.length);
        return HorizonProcess.inProcess(args);
    }

    /** Refused as a user error, naming {@code named} and saying {@code fix}; nothing was unpacked. */
    private void assertRefused(final Result result, final Path named, final String... says) throws IOException
    {
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.output().contains("horizon: error: "), result::toString);
        assertTrue(result.output().contains(named.toString()), "names " + named + ": " + result);
        for (final String text : says)
        {
            assertTrue(result.output().contains(text), "says '" + text + "': " + result);
        }
        assertFalse(result.output().contains("\tat "), "no stack trace: " + result);
        assertFalse(result.output().contains(SECRET), "no secret quoted: " + result);
        assertFalse(result.output().contains("unpacked in"), "nothing was unpacked: " + result);
        assertFalse(Files.exists(unpackTo) && Files.list(unpackTo).findAny().isPresent(), "nothing was unpacked");
    }

    private Path auditBackend()
    {
        return state.resolve("audit-backend");
    }

    private Path stateCredentials()
    {
        return state.resolve("credentials.env");
    }

    private static Path privateFile(final Path file, final String text) throws IOException
    {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private static void mkfifo(final Path file) throws Exception
    {
        final Process p = new ProcessBuilder("mkfifo", file.toString()).inheritIO().start();
        assertEquals(0, p.waitFor());
    }

    // --- STATE/audit-backend ---

    @Test
    void shouldRefuseAnAuditBackendNoDaemonWrites() throws Exception
    {
        Files.writeString(auditBackend(), "mysql desk-1\n");

        assertRefused(replayArchive("--unpack-to", unpackTo.toString()), auditBackend(), "holds 'mysql desk-1'",
            "('sqlite' or 'postgres WRITER_ID')", "restart the daemon to rewrite it");
    }

    @Test
    void shouldRefuseBinaryGarbageInAuditBackendWithoutEchoingIt() throws Exception
    {
        final byte[] garbage = new byte[100];
        for (int i = 0; i < garbage.length; i++)
        {
            garbage[i] = (byte)(i * 37 + 1);
        }
        Files.write(auditBackend(), garbage);

        final Result result = replayArchive();

        assertRefused(result, auditBackend(), "not what a Horizon daemon writes");
        final String line = result.output().lines().filter(l -> l.startsWith("horizon: error: ")).findFirst().orElseThrow();
        assertTrue(line.chars().allMatch(c -> c >= 0x20 && c <= 0x7e), "only printable characters are echoed: " + line);
    }

    @Test
    void shouldRefuseAHugeAuditBackendWithoutReadingIt() throws Exception
    {
        try (RandomAccessFile huge = new RandomAccessFile(auditBackend().toFile(), "rw"))
        {
            huge.setLength(8L << 30);
        }

        assertRefused(replayArchive(), auditBackend(), "holds " + (8L << 30) + " bytes, more than the 128 allowed",
            "remove it and restart the daemon to rewrite it");
    }

    @Test
    void shouldRefuseAnAuditBackendLinkedToAnEndlessDevice() throws Exception
    {
        // Files.size of /dev/zero is 0: a size check that follows the link would then read forever.
        Files.createSymbolicLink(auditBackend(), Path.of("/dev/zero"));

        assertRefused(replayArchive(), auditBackend(), "is a symbolic link, not a regular file");
    }

    @Test
    void shouldRefuseAnAuditBackendLinkedToAFileElsewhere() throws Exception
    {
        final Path elsewhere = Files.writeString(dir.resolve("elsewhere"), "sqlite\n");
        Files.createSymbolicLink(auditBackend(), elsewhere);

        assertRefused(replayArchive(), auditBackend(), "is a symbolic link, not a regular file");
    }

    @Test
    void shouldRefuseAFifoAsAuditBackendWithoutBlockingOnIt() throws Exception
    {
        mkfifo(auditBackend());

        assertRefused(replayArchive(), auditBackend(), "is a FIFO, socket or device, not a regular file");
    }

    // --- --credentials FILE and STATE/credentials.env (PostgreSQL audit backend) ---

    @Test
    void shouldRefuseACredentialsFileThatDoesNotExistRatherThanFallBackToTheEnvironment() throws Exception
    {
        Files.writeString(auditBackend(), "postgres desk-h\n");
        final Path missing = dir.resolve("no-such-credentials.env");

        assertRefused(replayArchive("--credentials", missing.toString()), missing, "does not exist");
    }

    @Test
    void shouldRefuseACredentialsPathThatIsNotAReadableFile() throws Exception
    {
        Files.writeString(auditBackend(), "postgres desk-h\n");
        final Path folder = Files.createDirectory(dir.resolve("credentials-folder"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));

        assertRefused(replayArchive("--credentials", folder.toString()), folder, "is not a regular file");
    }

    @Test
    void shouldRefuseACredentialsFileWithABadLineWithoutQuotingIt() throws Exception
    {
        Files.writeString(auditBackend(), "postgres desk-h\n");
        final Path named = privateFile(dir.resolve("bad-line.env"), "audit.postgres_url=jdbc:postgresql://127.0.0.1:1/x\n" +
            "this line holds " + SECRET + " and no equals sign\n");

        assertRefused(replayArchive("--credentials", named.toString()), named, "line 2: expected KEY=VALUE",
            "the line is not shown");
    }

    @Test
    void shouldRefuseACredentialsFileOthersCanRead() throws Exception
    {
        Files.writeString(auditBackend(), "postgres desk-h\n");
        final Path named = privateFile(dir.resolve("open.env"), "audit.postgres_url=" + SECRET + "\n");
        Files.setPosixFilePermissions(named, PosixFilePermissions.fromString("rw-r--r--"));

        assertRefused(replayArchive("--credentials", named.toString()), named, "has permissions rw-r--r--",
            "Fix: chmod 600 " + named);
    }

    @Test
    void shouldRefuseACredentialsFileOwnedBySomeoneElse() throws Exception
    {
        Files.writeString(auditBackend(), "postgres desk-h\n");
        final Path named = privateFile(dir.resolve("foreign.env"), "audit.postgres_url=" + SECRET + "\n");
        final Process chown = new ProcessBuilder("chown", "65534", named.toString()).inheritIO().start();
        assertEquals(0, chown.waitFor());
        assertTrue(Files.getOwner(named).getName().matches("65534|nobody"), Files.getOwner(named).getName());

        assertRefused(replayArchive("--credentials", named.toString()), named, "is owned by", "Fix: chown ");
    }

    @Test
    void shouldRefuseBinaryGarbageInTheStatesCredentialsFile() throws Exception
    {
        Files.writeString(auditBackend(), "postgres desk-h\n");
        Files.write(stateCredentials(), new byte[]{'a', '=', (byte)0xC3, (byte)0x28, (byte)0xFF, 0, '\n'});
        Files.setPosixFilePermissions(stateCredentials(), PosixFilePermissions.fromString("rw-------"));

        assertRefused(replayArchive(), stateCredentials(), "is not UTF-8 text", "Rewrite it as KEY=VALUE lines");
    }

    @Test
    void shouldRefuseAHugeCredentialsFileWithoutReadingItWhole() throws Exception
    {
        Files.writeString(auditBackend(), "postgres desk-h\n");
        try (RandomAccessFile huge = new RandomAccessFile(stateCredentials().toFile(), "rw"))
        {
            huge.setLength(8L << 30);
        }
        Files.setPosixFilePermissions(stateCredentials(), PosixFilePermissions.fromString("rw-------"));

        assertRefused(replayArchive(), stateCredentials(), "holds more than " + (1 << 20) + " bytes");
    }

    @Test
    void shouldRefuseTheStatesCredentialsFileLinkedToADeviceOrFifo() throws Exception
    {
        Files.writeString(auditBackend(), "postgres desk-h\n");
        Files.createSymbolicLink(stateCredentials(), Path.of("/dev/zero"));
        assertRefused(replayArchive(), stateCredentials(), "is not a regular file");

        Files.delete(stateCredentials());
        final Path fifo = dir.resolve("credentials.fifo");
        mkfifo(fifo);
        Files.createSymbolicLink(stateCredentials(), fifo);
        assertRefused(replayArchive(), stateCredentials(), "is not a regular file");
    }

    @Test
    void shouldRefuseADanglingCredentialsLinkInsteadOfIgnoringIt() throws Exception
    {
        Files.writeString(auditBackend(), "postgres desk-h\n");
        Files.createSymbolicLink(stateCredentials(), dir.resolve("gone.env"));

        assertRefused(replayArchive(), stateCredentials(), "does not exist");
    }
}
