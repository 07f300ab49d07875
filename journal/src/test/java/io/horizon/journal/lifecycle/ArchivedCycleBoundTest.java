package io.horizon.journal.lifecycle;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import io.horizon.journal.JournalException;
import io.horizon.journal.audit.AuditStore;
import io.horizon.journal.flush.JournalPosition;
import io.horizon.journal.retention.RetentionPolicy;
import io.horizon.journal.support.DailyJournal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An archived cycle is decompressed only up to the length its ledger line (vouched for by its
 * audit event) recorded: a gzip bomb placed in the archive directory is refused by name before it
 * can fill the disk, and a ledger line whose length was changed is not trusted at all.
 * <p>
 * The journal: four UTC days of 10 events; the lifecycle archives days 1 and 2.
 */
final class ArchivedCycleBoundTest
{
    private static final LocalDate DAY_ONE = LocalDate.of(2026, 11, 1);
    private static final Instant NOW = Instant.parse("2026-11-10T00:00:00Z");
    private static final String DAY1 = "20261101F.cq4";
    private static final String DAY3 = "20261103F.cq4";

    @TempDir
    Path state;

    @TempDir
    Path archive;

    @TempDir
    Path unpacked;

    private AuditStore auditLog;

    @BeforeEach
    void writeFourDays()
    {
        DailyJournal.write(state, DAY_ONE, 4, 10);
        auditLog = AuditStore.forFlusher(state.resolve(AuditStore.FILE_NAME));
    }

    @AfterEach
    void closeAuditLog()
    {
        auditLog.close();
    }

    @Test
    void shouldStopUnpackingAGzipBombTheMomentItPassesTheLengthTheLedgerRecorded() throws IOException
    {
        archiveTwoDays(CycleArchiver.Steps.NONE);
        final LedgerEntry day1 = LifecycleLedger.read(state, "inbound").get(0);
        final Path archived = CycleArchiver.destination(archive, "inbound", DAY1);
        // Small on disk, far larger than the cycle it claims to be once expanded.
        final long expands = day1.bytes() + (64L << 20);
        writeGzipOfZeros(archived, expands);
        assertTrue(Files.size(archived) < day1.bytes(), "the bomb is smaller than the cycle it stands for");

        final JournalException ex = assertThrows(JournalException.class, () -> ArchivedJournal.unpack(state, archive, unpacked));

        assertTrue(ex.getMessage().contains(archived.toString()) &&
            ex.getMessage().contains("decompresses to more than the " + day1.bytes() + " bytes") &&
            ex.getMessage().contains("Restore " + DAY1 + ".gz from a backup of the archive"), ex.getMessage());
        assertFalse(Files.exists(unpacked.resolve("journal").resolve("inbound").resolve(DAY1)), "the partial copy is removed");
    }

    @Test
    void shouldNeverWriteMoreThanTheRecordedLengthOfABomb() throws IOException
    {
        final Path bomb = archive.resolve("bomb.gz");
        writeGzipOfZeros(bomb, 32L << 20);
        final long recorded = 1_000_000;
        final long[] written = {0};
        final OutputStream counting = new OutputStream()
        {
            @Override
            public void write(final int b)
            {
                written[0]++;
            }

            @Override
            public void write(final byte[] b, final int off, final int len)
            {
                written[0] += len;
            }
        };

        final JournalException ex = assertThrows(JournalException.class, () -> CycleArchiver.expand(bomb, recorded, counting));

        assertTrue(ex.getMessage().contains(bomb.toString()), ex.getMessage());
        assertTrue(written[0] <= recorded, "wrote " + written[0] + " bytes of a cycle recorded as " + recorded);
    }

    @Test
    void shouldExpandAnArchivedCycleOfExactlyItsRecordedLength() throws IOException
    {
        final Path gz = archive.resolve("exact.gz");
        writeGzipOfZeros(gz, 300_000);
        final long[] written = {0};

        final CycleArchiver.Digest digest = CycleArchiver.expand(gz, 300_000, new OutputStream()
        {
            @Override
            public void write(final int b)
            {
                written[0]++;
            }

            @Override
            public void write(final byte[] b, final int off, final int len)
            {
                written[0] += len;
            }
        });

        assertEquals(300_000, digest.bytes());
        assertEquals(300_000, written[0]);
    }

    @Test
    void shouldNotTrustALedgerLineWhoseLengthWasRaisedToLetABombThrough() throws IOException
    {
        archiveTwoDays(CycleArchiver.Steps.NONE);
        final LedgerEntry day1 = LifecycleLedger.read(state, "inbound").get(0);
        final long raised = 1L << 40;
        writeGzipOfZeros(CycleArchiver.destination(archive, "inbound", DAY1), day1.bytes() + (8L << 20));
        final String ledger = Files.readString(LifecycleLedger.file(state), StandardCharsets.UTF_8);
        final String line = day1.toJson();
        assertTrue(ledger.contains(line));
        Files.writeString(LifecycleLedger.file(state), ledger.replace(line,
            line.replace("\"bytes\":" + day1.bytes(), "\"bytes\":" + raised)), StandardCharsets.UTF_8);

        final JournalException ex = assertThrows(JournalException.class, () -> ArchivedJournal.unpack(state, archive, unpacked));

        assertTrue(ex.getMessage().contains(LifecycleLedger.file(state) + " line 1") &&
            ex.getMessage().contains("has no matching journal.cycle_archived event") && ex.getMessage().contains(DAY1),
            ex.getMessage());
        assertFalse(Files.exists(unpacked.resolve("journal").resolve("inbound").resolve(DAY1)), "nothing was decompressed");
    }

    @Test
    void shouldRefuseAnArchivedCycleWhoseLedgerLineIsMissing() throws IOException
    {
        archiveTwoDays(CycleArchiver.Steps.NONE);
        // The archive still holds the copies, but the ledger that accounts for them is gone.
        Files.delete(LifecycleLedger.file(state));

        final JournalException ex = assertThrows(JournalException.class, () -> ArchivedJournal.unpack(state, archive, unpacked));

        assertTrue(ex.getMessage().contains(CycleArchiver.destination(archive, "inbound", DAY1).toString()) &&
            ex.getMessage().contains("has no line for it"), ex.getMessage());
        assertFalse(Files.exists(unpacked.resolve("journal").resolve("inbound").resolve(DAY1)), "nothing was decompressed");
    }

    @Test
    void shouldRefuseALedgerThatLostTheLineOfTheFirstArchivedCycle() throws IOException
    {
        archiveTwoDays(CycleArchiver.Steps.NONE);
        final List<String> lines = Files.readAllLines(LifecycleLedger.file(state), StandardCharsets.UTF_8);
        Files.write(LifecycleLedger.file(state), lines.subList(1, lines.size()), StandardCharsets.UTF_8);

        final JournalException ex = assertThrows(JournalException.class, () -> ArchivedJournal.unpack(state, archive, unpacked));

        assertTrue(ex.getMessage().contains("does not account for the inbound journal's records 0 to 10"), ex.getMessage());
    }

    @Test
    void shouldKeepTheOriginalWhenARunFindsABombWhereItsVerifiedCopyWas() throws IOException
    {
        assertThrows(IllegalStateException.class, () -> archiveTwoDays(step ->
        {
            if (step == CycleArchiver.Step.LEDGERED)
            {
                throw new IllegalStateException("crash after the ledger line");
            }
        }));
        final LedgerEntry day1 = LifecycleLedger.read(state, "inbound").get(0);
        writeGzipOfZeros(CycleArchiver.destination(archive, "inbound", DAY1), day1.bytes() + (8L << 20));

        final JournalException ex = assertThrows(JournalException.class, () -> archiveTwoDays(CycleArchiver.Steps.NONE));

        assertTrue(ex.getMessage().contains("decompresses to more than the " + day1.bytes() + " bytes"), ex.getMessage());
        assertTrue(Files.exists(state.resolve("journal").resolve("inbound").resolve(DAY1)), "the original stays");
        assertTrue(Files.exists(state.resolve("journal").resolve("inbound").resolve(DAY3)));
    }

    private void archiveTwoDays(final CycleArchiver.Steps steps)
    {
        // A snapshot at record 25 (in day 3): days 1 and 2 lie wholly before it.
        new JournalLifecycle(state, new LifecyclePolicy(LifecycleAction.ARCHIVE, archive, RetentionPolicy.parse("2d")),
            () -> 25, () -> new JournalPosition(40, 40), LegalHoldRecords.NONE,
            entry -> auditLog.append(List.of(CycleAuditEvent.draft(entry))), steps).runOnce(NOW);
    }

    /**
     * A real gzip stream of {@code length} zero bytes (about a thousandth of that on disk).
     */
    private static void writeGzipOfZeros(final Path file, final long length) throws IOException
    {
        Files.createDirectories(file.getParent());
        final byte[] zeros = new byte[1 << 16];
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16))
        {
            for (long left = length; left > 0; left -= zeros.length)
            {
                out.write(zeros, 0, (int)Math.min(zeros.length, left));
            }
        }
    }
}
