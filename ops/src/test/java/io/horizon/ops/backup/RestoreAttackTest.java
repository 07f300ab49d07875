package io.horizon.ops.backup;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Stream;

import io.horizon.ops.support.HorizonProcess;
import io.horizon.ops.support.HorizonProcess.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A crafted backup must never make {@code horizon restore} read outside the backup or write
 * outside its target: manifest paths with {@code ..}, absolute paths, links in the backup, and a
 * fuzz of manifest paths. The first case wrote {@code ../escaped.txt} beside the target on the
 * release before.
 */
final class RestoreAttackTest
{
    private static final long SEED = 0x5EED_B4C0L;

    @TempDir
    static Path shared;
    private static Path pristine;

    @TempDir
    Path dir;

    @BeforeAll
    static void takeABackup() throws Exception
    {
        final Path state = shared.resolve("state");
        assertEquals(0, HorizonProcess.inProcess("run", "--state", state.toString(), "--duration", "1s", "--metrics-port", "0")
            .exitCode());
        pristine = shared.resolve("backup");
        final Result taken = HorizonProcess.inProcess("backup", "--state", state.toString(), "--to", pristine.toString());
        assertEquals(0, taken.exitCode(), taken.output());
    }

    private Path copyOfBackup() throws Exception
    {
        final Path copy = dir.resolve("backups").resolve("b");
        try (Stream<Path> walk = Files.walk(pristine))
        {
            for (final Path p : walk.toList())
            {
                final Path dest = copy.resolve(pristine.relativize(p).toString());
                if (Files.isDirectory(p))
                {
                    Files.createDirectories(dest);
                }
                else
                {
                    Files.copy(p, dest);
                }
            }
        }
        return copy;
    }

    private static void addToManifest(final Path backup, final String relative, final Path content) throws Exception
    {
        final Properties p = new Properties();
        try (InputStream in = Files.newInputStream(backup.resolve(BackupManifest.FILE_NAME)))
        {
            p.load(in);
        }
        p.setProperty("file." + relative, StateFiles.fingerprint(content));
        try (OutputStream out = Files.newOutputStream(backup.resolve(BackupManifest.FILE_NAME)))
        {
            p.store(out, null);
        }
    }

    @Test
    void shouldRefuseAManifestPathThatLeavesTheTarget() throws Exception
    {
        final Path backup = copyOfBackup();
        // The attacker's file sits beside the backup, with the fingerprint the manifest gives it.
        final Path planted = backup.getParent().resolve("escaped.txt");
        Files.writeString(planted, "owned\n");
        addToManifest(backup, "presets/../../escaped.txt", planted);
        final Path target = dir.resolve("restores").resolve("t");

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> StateRestore.restore(backup, target, line -> { }));

        assertTrue(ex.getMessage().contains("'presets/../../escaped.txt', which restore refuses"), ex.getMessage());
        assertFalse(Files.exists(target.getParent().resolve("escaped.txt")), "nothing was written beside the target");
        assertFalse(Files.exists(target.resolve("presets")), "nothing was restored at all");
    }

    @Test
    void shouldRefuseAFileReachedThroughALinkInTheBackup() throws Exception
    {
        final Path backup = copyOfBackup();
        final Path outside = dir.resolve("outside");
        Files.createDirectories(outside);
        Files.writeString(outside.resolve("secret.toml"), "api_key = 'x'\n");
        Files.createSymbolicLink(backup.resolve("presets").resolve("linked"), outside);
        addToManifest(backup, "presets/linked/secret.toml", outside.resolve("secret.toml"));
        final Path target = dir.resolve("t");

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> StateRestore.restore(backup, target, line -> { }));

        assertTrue(ex.getMessage().contains("is a symbolic link where restore needs a folder"), ex.getMessage());
        assertFalse(Files.exists(target.resolve("presets").resolve("linked")));
    }

    @Test
    void shouldRefuseAbsoluteAndOddManifestPathsThroughTheCli() throws Exception
    {
        for (final String crafted : List.of("/etc/cron.d/x", "presets/./a", "presets//a", "presets\\..\\a", "a\u0000b", ".."))
        {
            final Path backup = copyOfBackup();
            addToManifest(backup, crafted, backup.resolve(BackupManifest.FILE_NAME));
            final Result restore = HorizonProcess.inProcess("restore", "--from", backup.toString(), "--state",
                dir.resolve("t").toString());
            assertEquals(2, restore.exitCode(), crafted + ": " + restore.output());
            assertTrue(restore.output().contains("which restore refuses") && !restore.output().contains("\tat "),
                crafted + ": " + restore.output());
            deleteTree(backup.getParent());
        }
    }

    @Test
    void shouldKeepEveryFuzzedManifestPathInsideItsFolder()
    {
        final Random random = new Random(SEED);
        final Path root = dir.resolve("root").toAbsolutePath();
        final String[] pieces = {"..", ".", "", "a", "presets", "journal", "/", "\\", "%2e%2e", "\u0000", "\n", "~", "b.toml", ":"};
        int accepted = 0;
        for (int i = 0; i < 20_000; i++)
        {
            final StringBuilder b = new StringBuilder();
            final int n = 1 + random.nextInt(6);
            for (int k = 0; k < n; k++)
            {
                b.append(random.nextInt(4) == 0 ? (char)random.nextInt(0x3000) : pieces[random.nextInt(pieces.length)]);
                if (random.nextBoolean())
                {
                    b.append('/');
                }
            }
            final String relative = b.toString();
            final Path resolved;
            try
            {
                resolved = ManifestPath.resolve(root, relative);
            }
            catch (final IllegalArgumentException refused)
            {
                continue;
            }
            accepted++;
            assertTrue(resolved.startsWith(root) && !resolved.equals(root), "seed " + SEED + ": " + relative + " -> " + resolved);
            for (final Path name : root.relativize(resolved))
            {
                assertFalse(name.toString().equals("..") || name.toString().equals("."), relative);
            }
        }
        assertTrue(accepted > 100, "the fuzz also produced acceptable paths: " + accepted);
    }

    private static void deleteTree(final Path root) throws Exception
    {
        try (Stream<Path> walk = Files.walk(root))
        {
            for (final Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList())
            {
                Files.delete(p);
            }
        }
    }
}
