package io.horizon.journal.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import io.horizon.journal.JournalException;

/**
 * Takes one cycle file out of a queue without ever losing it: for an archive, the compressed copy
 * is written beside its final name, forced to disk, read back and checked against the original's
 * SHA-256 and length, then renamed into place (and the directory forced); only then is the
 * {@link LifecycleLedger} line appended (forced), then the removal is witnessed (the daemon commits
 * its audit event, {@link CycleAuditEvent}), and only after that is the original removed.
 * A crash at any point leaves either the original, or the ledger line and a verified copy: the next
 * run finishes the job ({@link #finish}). A delete records the checksum in the ledger first. An
 * archived copy is only ever decompressed up to the original's recorded length ({@link #expand}).
 * <p>
 * Stateless; the lifecycle's thread.
 */
public final class CycleArchiver
{
    /** Suffix of an archived (gzip-compressed) cycle. */
    public static final String ARCHIVED_SUFFIX = ".gz";

    private static final String PART_SUFFIX = ".part";
    private static final int BUFFER = 1 << 16;

    /**
     * Where a run may be cut short, for tests that interrupt one.
     */
    enum Step
    {
        /** The compressed copy is written and forced, not yet verified or renamed. */
        COPIED,
        /** The verified copy has its final name. */
        PLACED,
        /** The ledger line is on disk; the original is still there. */
        LEDGERED
    }

    /**
     * Told each step as it completes; a test throws from it to stand for a crash there.
     */
    @FunctionalInterface
    interface Steps
    {
        /** Nothing to report. */
        Steps NONE = step -> { };

        void reached(Step step);
    }

    private CycleArchiver()
    {
    }

    /**
     * @param archive   the archive directory.
     * @param queueName the queue.
     * @param file      the cycle file's name.
     * @return where its archived copy goes.
     */
    public static Path destination(final Path archive, final String queueName, final String file)
    {
        return archive.resolve(queueName).resolve(file + ARCHIVED_SUFFIX);
    }

    /**
     * Archives or deletes a cycle and returns its ledger entry.
     *
     * @param stateDirectory the state directory (for the ledger).
     * @param cycle          the cycle to take out.
     * @param nextFile       the queue's cycle file after it.
     * @param policy         archive or delete, and where.
     * @param now            the time for the ledger.
     * @param steps          told each step.
     * @param witness        told the entry once its ledger line is on disk, before the original is
     *                       removed (the daemon commits the audit event there); when it throws, the
     *                       original stays and the next run finishes the job ({@link #finish}).
     * @return the entry written.
     * @throws JournalException when a step fails; the original then stays where it was.
     */
    static LedgerEntry takeOut(
        final Path stateDirectory, final QueueCycle cycle, final String nextFile, final LifecyclePolicy policy,
        final Instant now, final Steps steps, final Consumer<LedgerEntry> witness)
    {
        final Path source = cycle.path();
        requireRegular(source);
        try
        {
            final String sha256;
            final long bytes;
            String destination = null;
            if (policy.action() == LifecycleAction.ARCHIVE)
            {
                final Path target = destination(policy.archive(), cycle.queue(), cycle.file().name());
                final Digest original = copyCompressed(source, target, steps);
                sha256 = original.sha256;
                bytes = original.bytes;
                destination = target.toString();
            }
            else
            {
                final Digest original = digest(source);
                sha256 = original.sha256;
                bytes = original.bytes;
            }
            final LedgerEntry entry = new LedgerEntry(cycle.queue(), cycle.file().name(), cycle.file().cycle(),
                cycle.firstRecord(), cycle.records(), bytes, sha256, policy.action().configName(), destination, nextFile,
                now.toString());
            LifecycleLedger.append(stateDirectory, entry);
            steps.reached(Step.LEDGERED);
            witness.accept(entry);
            remove(source);
            return entry;
        }
        catch (final IOException ex)
        {
            throw new JournalException("journal lifecycle: cannot take " + source + " out (" + ex.getMessage() +
                "); it stays in the journal", ex);
        }
    }

    /**
     * Finishes a cycle whose ledger line was written by a run that stopped before removing it:
     * checks that the file is the one the ledger describes (and, for an archive, that the copy
     * still verifies), has it witnessed as {@link #takeOut} does, then removes it.
     *
     * @throws JournalException when the file or its copy does not match the ledger; nothing is removed then.
     */
    static void finish(final Path queueDirectory, final LedgerEntry entry, final Consumer<LedgerEntry> witness)
    {
        final Path source = queueDirectory.resolve(entry.file());
        try
        {
            requireRegular(source);
            final Digest original = digest(source);
            if (!original.sha256.equals(entry.sha256()) || original.bytes != entry.bytes())
            {
                throw new JournalException("journal lifecycle: " + source + " is not the file the ledger recorded (" +
                    LifecycleLedger.FILE_NAME + " says sha256 " + entry.sha256() + "); it stays. Check the journal and the ledger");
            }
            if (entry.destination() != null)
            {
                final Digest copy = expand(Path.of(entry.destination()), entry.bytes(), OutputStream.nullOutputStream());
                if (!copy.sha256.equals(entry.sha256()) || copy.bytes != entry.bytes())
                {
                    throw new JournalException("journal lifecycle: the archived copy " + entry.destination() + " of " + source +
                        " does not match the original; the original stays. Check the archive directory");
                }
            }
            witness.accept(entry);
            remove(source);
        }
        catch (final IOException ex)
        {
            throw new JournalException("journal lifecycle: cannot finish taking " + source + " out: " + ex.getMessage(), ex);
        }
    }

    private static Digest copyCompressed(final Path source, final Path target, final Steps steps) throws IOException
    {
        Files.createDirectories(target.getParent());
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS))
        {
            // A run stopped after placing the copy: reuse it when it is this cycle, refuse otherwise.
            requireRegular(target);
            final Digest original = digest(source);
            final Digest copy = expand(target, original.bytes, OutputStream.nullOutputStream());
            if (!copy.sha256.equals(original.sha256) || copy.bytes != original.bytes)
            {
                throw new JournalException("journal lifecycle: the archive already holds " + target + ", which is not a copy of " +
                    source + "; move it aside (is the archive directory shared with another journal?)");
            }
            return original;
        }
        final Path part = target.resolveSibling(target.getFileName() + PART_SUFFIX);
        Files.deleteIfExists(part);
        final MessageDigest sha = sha256();
        long bytes = 0;
        try (InputStream in = new DigestInputStream(Files.newInputStream(source, LinkOption.NOFOLLOW_LINKS), sha);
             FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
        {
            final OutputStream raw = Channels.newOutputStream(channel);
            final GZIPOutputStream gzip = new GZIPOutputStream(raw, BUFFER);
            final byte[] buffer = new byte[BUFFER];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer))
            {
                gzip.write(buffer, 0, n);
                bytes += n;
            }
            gzip.finish();
            gzip.flush();
            channel.force(true);
        }
        steps.reached(Step.COPIED);
        final Digest original = new Digest(HexFormat.of().formatHex(sha.digest()), bytes);
        final Digest copy = expand(part, original.bytes, OutputStream.nullOutputStream());
        if (!copy.sha256.equals(original.sha256) || copy.bytes != original.bytes)
        {
            Files.deleteIfExists(part);
            throw new JournalException("journal lifecycle: the compressed copy of " + source + " did not read back the same " +
                "(is the archive's disk failing?); the cycle stays in the journal");
        }
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(target.getParent());
        steps.reached(Step.PLACED);
        return original;
    }

    private static void remove(final Path source) throws IOException
    {
        Files.delete(source);
        forceDirectory(source.getParent());
    }

    private static void requireRegular(final Path file)
    {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
        {
            throw new JournalException("journal lifecycle: " + file + " is not a regular file (a symbolic link?); " +
                "the lifecycle does not follow links. Replace it with the file itself");
        }
    }

    /**
     * @param file a plain (uncompressed) file.
     * @return its SHA-256 and length.
     */
    static Digest digest(final Path file) throws IOException
    {
        final MessageDigest sha = sha256();
        long bytes = 0;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS))
        {
            final byte[] buffer = new byte[BUFFER];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer))
            {
                sha.update(buffer, 0, n);
                bytes += n;
            }
        }
        return new Digest(HexFormat.of().formatHex(sha.digest()), bytes);
    }

    /**
     * Decompresses an archived cycle into {@code out}, never past the length the ledger recorded
     * for the original: the archive directory may hold anything, and a small gzip can expand to
     * fill the disk (a decompression bomb). The moment the output would pass {@code recordedBytes}
     * it stops, having written at most that many bytes, and refuses the file by name.
     *
     * @param archived      the compressed copy.
     * @param recordedBytes the original's length as the ledger (and its audit event) recorded it.
     * @param out           where the decompressed bytes go; not closed.
     * @return the decompressed SHA-256 and length (at most {@code recordedBytes}).
     * @throws JournalException naming the file when it decompresses to more than {@code recordedBytes}.
     * @throws IOException      when it cannot be read, or is not gzip ({@link java.util.zip.ZipException}).
     */
    static Digest expand(final Path archived, final long recordedBytes, final OutputStream out) throws IOException
    {
        final MessageDigest sha = sha256();
        long bytes = 0;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(archived, LinkOption.NOFOLLOW_LINKS), BUFFER))
        {
            final byte[] buffer = new byte[BUFFER];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer))
            {
                if (n > recordedBytes - bytes)
                {
                    throw new JournalException("the archived cycle " + archived + " decompresses to more than the " +
                        recordedBytes + " bytes " + LifecycleLedger.FILE_NAME + " recorded for the cycle it claims to be; " +
                        "decompression stopped there (it is not that cycle, and may be built to fill the disk). Restore " +
                        archived.getFileName() + " from a backup of the archive, or move it aside");
                }
                sha.update(buffer, 0, n);
                out.write(buffer, 0, n);
                bytes += n;
            }
        }
        return new Digest(HexFormat.of().formatHex(sha.digest()), bytes);
    }

    /**
     * Forces a directory's entries (a rename or a removal) to disk.
     */
    static void forceDirectory(final Path directory) throws IOException
    {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ))
        {
            channel.force(true);
        }
        catch (final IOException ex)
        {
            // Some file systems cannot open a directory; the rename is still atomic there.
            if (Files.isDirectory(directory))
            {
                return;
            }
            throw ex;
        }
    }

    static MessageDigest sha256()
    {
        try
        {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("the JDK has no SHA-256", ex);
        }
    }

    /**
     * A file's SHA-256 and length.
     */
    record Digest(String sha256, long bytes)
    {
    }
}
