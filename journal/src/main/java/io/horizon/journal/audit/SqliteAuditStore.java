package io.horizon.journal.audit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import io.horizon.journal.flush.JournalPosition;
import io.horizon.journal.sqlite.ConnectionSource;
import io.horizon.journal.sqlite.SqliteFile;
import io.horizon.journal.sqlite.StoreConnection;
import io.horizon.journal.sqlite.StoreException;

/**
 * The SQLite backend of the {@link AuditStore}: a hash-chained, append-only table of
 * {@link AuditEvent}s in a SQLite file ({@code STATE/audit.db}, WAL mode), and its archive
 * ({@code audit_archive.db}, same layout). One chain per file.
 * <p>
 * Every append runs in one {@code BEGIN IMMEDIATE} transaction that reads the chain's tail,
 * gives each draft the next sequence, a ULID, the previous hash and its own hash
 * ({@link AuditCanonicalForm}), and inserts them; so appends from several threads or processes
 * (the daemon's flusher, {@code horizon dlq dismiss}) serialise on SQLite's write lock and the
 * chain stays gap-free. A flusher also stores its journal position in the same transaction
 * ({@link #appendFromJournal}), which is what makes its copy of the journal exactly-once. The
 * audit flusher seals its events before the transaction and the transaction only checks that the
 * chain still ends where they were sealed, rechaining them if not
 * ({@link #appendSealedFromJournal}); the result is the same chain.
 * <p>
 * Retention is the single path that removes events ({@link #removeExpired}); see
 * {@link AuditSchema} for the triggers that enforce that.
 * <p>
 * A store opens its connection lazily and opens a fresh one after {@link #reconnect()}, so a
 * flusher can start while the file is locked or read-only and wait the fault out.
 * <p>
 * Threading: every method is synchronized; one connection per store, used by whichever thread
 * calls (the audit flusher's writer thread, for a daemon's live store).
 */
public final class SqliteAuditStore implements AuditStore
{
    private static final String KIND = "audit database";
    private static final String FIX = "pass --db with the audit.db of a Horizon state directory (default ./state/audit.db)";
    private static final int FLUSHER_BUSY_TIMEOUT_MS = 500;
    private static final int TOOL_BUSY_TIMEOUT_MS = 10_000;
    // A flusher transaction carries a few MB of rows: a cache that holds it all is not spilled to
    // the WAL mid-transaction, and 16 KiB pages take four times fewer page splits and frames.
    private static final int FLUSHER_PAGE_SIZE = 16_384;
    private static final int FLUSHER_CACHE_KIB = 32_768;
    private static final int DELETE_CHUNK = 50_000;

    private final Path file;
    private final StoreConnection db;
    private final AuditCanonicalForm canonical = new AuditCanonicalForm();
    private final AuditChainSealer sealer = new AuditChainSealer();

    private SqliteAuditStore(final Path file, final ConnectionSource source, final String role)
    {
        this.file = file;
        this.db = new StoreConnection(file, source, AuditSchema.APPLICATION_ID, KIND, FIX,
            role == null ? null : c -> AuditSchema.create(c, role, AuditTime.format(AuditTime.nowNanos())),
            c -> AuditSchema.requireSupportedVersion(c, file));
    }

    /**
     * The live store a daemon's flusher writes: created on first use (with 16 KiB pages),
     * {@code synchronous=NORMAL} in WAL mode (a commit is not fsynced; a crash of Horizon loses
     * nothing, a crash of the host can lose the last commits, and with them the journal position
     * they moved, so the flusher copies those journal records again: the journal, which keeps
     * everything, is the durable copy), a 32 MiB page cache, and a short busy time-out so a lock
     * becomes a counted, alerted fault. Nothing is opened until first used.
     *
     * @param file {@code STATE/audit.db}.
     * @return the store.
     */
    public static SqliteAuditStore forFlusher(final Path file)
    {
        return forFlusher(file, SqliteFile.source(file, SqliteFile.Access.WRITE, FLUSHER_BUSY_TIMEOUT_MS, false,
            FLUSHER_PAGE_SIZE, FLUSHER_CACHE_KIB));
    }

    /**
     * As {@link #forFlusher(Path)}, through the given connections (tests inject faults this way).
     */
    public static SqliteAuditStore forFlusher(final Path file, final ConnectionSource source)
    {
        return new SqliteAuditStore(file, source, ROLE_LIVE);
    }

    /**
     * An existing store, for the CLI: refuses a missing file or a database that is not an audit
     * store, with a message naming the file.
     *
     * @param file   the database.
     * @param access {@link SqliteFile.Access#READ} for verify, stats, replay and export.
     * @return the open store.
     * @throws StoreException when missing, foreign or unreadable.
     */
    public static SqliteAuditStore openExisting(final Path file, final SqliteFile.Access access)
    {
        SqliteFile.requireExists(file, KIND, FIX);
        final SqliteAuditStore store = new SqliteAuditStore(file, SqliteFile.source(file, access, TOOL_BUSY_TIMEOUT_MS, true), null);
        store.db.openNow();
        return store;
    }

    /**
     * The archive retention copies into, created if missing, fully synced.
     *
     * @param file {@code audit_archive.db}.
     * @return the open archive.
     * @throws StoreException when it is not an audit archive.
     */
    public static SqliteAuditStore openArchive(final Path file)
    {
        final SqliteAuditStore store = new SqliteAuditStore(file,
            SqliteFile.source(file, SqliteFile.Access.WRITE, TOOL_BUSY_TIMEOUT_MS, true), ROLE_ARCHIVE);
        store.db.openNow();
        if (!ROLE_ARCHIVE.equals(store.role()))
        {
            store.close();
            throw new StoreException(file + " is a live audit store, not an archive; pass --archive with an archive file " +
                "(default audit_archive.db next to the live store)");
        }
        return store;
    }

    /**
     * Drops the connection; the next call opens a fresh one. Used after a fault.
     */
    @Override
    public synchronized void reconnect()
    {
        db.reset();
    }

    /**
     * @return the database file.
     */
    public Path path()
    {
        return file;
    }

    @Override
    public String name()
    {
        return file.getFileName().toString();
    }

    @Override
    public String location()
    {
        return file.toString();
    }

    /**
     * @return {@link #ROLE_LIVE} or {@link #ROLE_ARCHIVE}.
     * @throws StoreException when the store cannot be read.
     */
    @Override
    public synchronized String role()
    {
        return db.read(c -> meta(c, AuditSchema.META_ROLE));
    }

    // ------------------------------------------------------------------------------------------
    // Appending
    // ------------------------------------------------------------------------------------------

    /**
     * Appends events that do not come from the journal (the CLI's dismissals and redrives,
     * retention's own record), in one transaction.
     *
     * @param drafts the events, in order.
     * @return them as stored.
     * @throws StoreException when the store cannot be written.
     */
    @Override
    public synchronized List<AuditEvent> append(final List<AuditDraft> drafts)
    {
        return db.writeOrFail("append events", c -> write(c, drafts, null, null, null));
    }

    /**
     * Appends the events a stretch of the journal produced and moves the named journal position
     * from {@code from} to {@code to}, in one transaction. If the stored position already equals
     * {@code to} (a retry after a commit whose answer was lost), nothing is written.
     *
     * @param positionName the flusher's name for its position.
     * @param from         the position the events start after; must be the stored one.
     * @param to           the position after them.
     * @param drafts       the events, in journal order.
     * @return the events as stored; empty when nothing was written.
     * @throws SQLException   on a SQLite fault (the transaction rolled back; retry later).
     * @throws StoreException when the stored position is neither {@code from} nor {@code to}:
     *                        another process is copying the same journal into this store.
     */
    @Override
    public synchronized List<AuditEvent> appendFromJournal(
        final String positionName, final JournalPosition from, final JournalPosition to, final List<AuditDraft> drafts)
        throws SQLException
    {
        return db.write(c -> write(c, drafts, positionName, from, to));
    }

    /**
     * As {@link #appendFromJournal}, for events the caller sealed already ({@link AuditChainSealer})
     * after {@code sealedAfter}, so the hashing need not happen inside the transaction. If the chain
     * no longer ends at {@code sealedAfter} (another writer appended meanwhile), the events are
     * rechained after its real end before they are inserted: same ids, times and content, the next
     * sequences and new hashes.
     *
     * @return the events as stored (rechained or not); empty when nothing was written.
     * @throws SQLException   on a SQLite fault (the transaction rolled back; retry later).
     * @throws StoreException when the stored position is neither {@code from} nor {@code to}.
     */
    @Override
    public synchronized List<AuditEvent> appendSealedFromJournal(
        final String positionName,
        final JournalPosition from,
        final JournalPosition to,
        final List<AuditEvent> sealed,
        final ChainLink sealedAfter) throws SQLException
    {
        return db.write(c ->
        {
            if (!moveFrom(c, positionName, from, to))
            {
                return List.of();
            }
            List<AuditEvent> written = sealed;
            if (!sealed.isEmpty())
            {
                final ChainLink tail = tail(c);
                if (!tail.equals(sealedAfter))
                {
                    written = sealer.rechain(sealed, tail);
                }
                insert(c, written);
            }
            writePosition(c, positionName, to);
            return written;
        });
    }

    private List<AuditEvent> write(
        final Connection c,
        final List<AuditDraft> drafts,
        final String positionName,
        final JournalPosition from,
        final JournalPosition to) throws SQLException
    {
        if (positionName != null && !moveFrom(c, positionName, from, to))
        {
            return List.of();
        }
        final List<AuditEvent> written = drafts.isEmpty() ? new ArrayList<>() : sealer.seal(drafts, tail(c));
        insert(c, written);
        if (positionName != null)
        {
            writePosition(c, positionName, to);
        }
        return written;
    }

    /**
     * @return true when the stored position is {@code from}; false when it is {@code to} already
     *         (a retry after a commit whose answer was lost: write nothing).
     * @throws StoreException when it is neither: another process copies the same journal here.
     */
    private boolean moveFrom(final Connection c, final String positionName, final JournalPosition from, final JournalPosition to)
        throws SQLException
    {
        final JournalPosition stored = readPosition(c, positionName);
        if (stored.equals(to) && !to.equals(from))
        {
            return false;
        }
        if (!stored.equals(from))
        {
            throw new StoreException(KIND + " " + file + " holds journal position '" + positionName + "' at " + stored +
                " but this flusher continues from " + from + "; is another Horizon copying the same journal into it?");
        }
        return true;
    }

    /**
     * Inserts events in order, {@value AuditSchema#ROWS_PER_INSERT} rows a statement where it can.
     */
    private static void insert(final Connection c, final List<AuditEvent> events) throws SQLException
    {
        final int rows = AuditSchema.ROWS_PER_INSERT;
        final int whole = events.size() / rows * rows;
        if (whole > 0)
        {
            try (PreparedStatement ps = c.prepareStatement(AuditSchema.INSERT_EVENTS))
            {
                for (int i = 0; i < whole; i += rows)
                {
                    for (int r = 0; r < rows; r++)
                    {
                        bind(ps, r * 17, events.get(i + r));
                    }
                    ps.executeUpdate();
                }
            }
        }
        if (whole < events.size())
        {
            try (PreparedStatement ps = c.prepareStatement(AuditSchema.INSERT_EVENT))
            {
                for (int i = whole; i < events.size(); i++)
                {
                    bind(ps, 0, events.get(i));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    private static void bind(final PreparedStatement ps, final int at, final AuditEvent e) throws SQLException
    {
        ps.setString(at + 1, e.eventId());
        ps.setLong(at + 2, e.sequence());
        ps.setString(at + 3, e.timestamp());
        ps.setString(at + 4, e.category());
        ps.setString(at + 5, e.severity());
        ps.setString(at + 6, e.actor());
        ps.setString(at + 7, e.accountId());
        ps.setString(at + 8, e.clientId());
        ps.setString(at + 9, e.venueName());
        ps.setString(at + 10, e.correlationId());
        ps.setString(at + 11, e.marketId());
        ps.setString(at + 12, e.orderId());
        ps.setString(at + 13, e.clientOrderId());
        ps.setString(at + 14, e.message());
        ps.setString(at + 15, e.payload());
        ps.setString(at + 16, e.prevHash());
        ps.setString(at + 17, e.hash());
    }

    /**
     * Reads a flusher's committed journal position.
     *
     * @param positionName the flusher's name.
     * @return the position, {@link JournalPosition#START} when it never committed.
     * @throws SQLException on a SQLite fault.
     */
    @Override
    public synchronized JournalPosition position(final String positionName) throws SQLException
    {
        return readPosition(db.get(), positionName);
    }

    private static JournalPosition readPosition(final Connection c, final String name) throws SQLException
    {
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT inbound_next, outbound_next FROM audit_flush_position WHERE name = ?"))
        {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery())
            {
                return rs.next() ? new JournalPosition(rs.getLong(1), rs.getLong(2)) : JournalPosition.START;
            }
        }
    }

    private static void writePosition(final Connection c, final String name, final JournalPosition position) throws SQLException
    {
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO audit_flush_position (name, inbound_next, outbound_next, committed_at) VALUES (?, ?, ?, ?) " +
                "ON CONFLICT (name) DO UPDATE SET inbound_next = excluded.inbound_next, " +
                "outbound_next = excluded.outbound_next, committed_at = excluded.committed_at"))
        {
            ps.setString(1, name);
            ps.setLong(2, position.inboundNext());
            ps.setLong(3, position.outboundNext());
            ps.setString(4, AuditTime.format(AuditTime.nowNanos()));
            ps.executeUpdate();
        }
    }

    // ------------------------------------------------------------------------------------------
    // Reading
    // ------------------------------------------------------------------------------------------

    /**
     * @return the last event of the chain, or the chain base when no event follows it.
     * @throws StoreException when the store cannot be read.
     */
    @Override
    public synchronized ChainLink tail()
    {
        return db.read(SqliteAuditStore::tail);
    }

    /**
     * @return where the chain in this store starts: genesis, or the last event retention archived.
     * @throws StoreException when the store cannot be read.
     */
    @Override
    public synchronized ChainLink base()
    {
        return db.read(SqliteAuditStore::base);
    }

    /**
     * @param sequence a sequence.
     * @return the event, or {@code null} when the store does not hold it.
     * @throws StoreException when the store cannot be read.
     */
    @Override
    public synchronized AuditEvent event(final long sequence)
    {
        return db.read(c ->
        {
            try (PreparedStatement ps = c.prepareStatement(AuditSchema.SELECT_EVENTS + " WHERE sequence = ?"))
            {
                ps.setLong(1, sequence);
                try (ResultSet rs = ps.executeQuery())
                {
                    return rs.next() ? AuditSql.event(rs) : null;
                }
            }
        });
    }

    /**
     * @param timestamp an audit time.
     * @return the last event stamped before it, or {@code null} when there is none.
     * @throws StoreException when the store cannot be read.
     */
    @Override
    public synchronized AuditEvent lastBefore(final String timestamp)
    {
        return db.read(c ->
        {
            try (PreparedStatement ps = c.prepareStatement(AuditSchema.SELECT_EVENTS +
                " WHERE sequence = (SELECT max(sequence) FROM audit_events WHERE timestamp < ?)"))
            {
                ps.setString(1, timestamp);
                try (ResultSet rs = ps.executeQuery())
                {
                    return rs.next() ? AuditSql.event(rs) : null;
                }
            }
        });
    }

    /**
     * @return events held now.
     * @throws StoreException when the store cannot be read.
     */
    @Override
    public synchronized long count()
    {
        return db.read(c -> queryLong(c, "SELECT count(*) FROM audit_events"));
    }

    /**
     * The end of the expired stretch of the chain: the sequence just before the first chained
     * event written at or after the cutoff ({@link AuditSchema#WRITTEN_AT}: its wall-clock
     * {@code recorded_at}, not its timestamp, which for a file run is the data's recorded time;
     * events are written in sequence order, so everything up to it is older), or the tail when
     * every event is older.
     *
     * @param cutoff an audit time.
     * @return the last expired sequence; the chain base when nothing after it has expired.
     * @throws StoreException when the store cannot be read.
     */
    @Override
    public synchronized long lastExpired(final String cutoff)
    {
        return db.read(c ->
        {
            final ChainLink base = base(c);
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT e.sequence FROM audit_events e LEFT JOIN audit_recorded_at r ON r.sequence = e.sequence " +
                    "WHERE e.sequence > ? AND " + AuditSchema.WRITTEN_AT + " >= substr(?, 1, 23) ORDER BY e.sequence LIMIT 1"))
            {
                ps.setLong(1, base.sequence());
                ps.setString(2, cutoff);
                try (ResultSet rs = ps.executeQuery())
                {
                    return rs.next() ? rs.getLong(1) - 1 : tail(c).sequence();
                }
            }
        });
    }

    /**
     * @param cutoff an audit time.
     * @return the events at or below the chain base (kept under a legal hold by an earlier run)
     *         written at or after the cutoff, in sequence order.
     * @throws StoreException when the store cannot be read.
     */
    @Override
    public synchronized List<Long> heldWrittenSince(final String cutoff)
    {
        return db.read(c ->
        {
            final List<Long> young = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT e.sequence FROM audit_events e LEFT JOIN audit_recorded_at r ON r.sequence = e.sequence " +
                    "WHERE e.sequence <= ? AND " + AuditSchema.WRITTEN_AT + " >= substr(?, 1, 23) ORDER BY e.sequence"))
            {
                ps.setLong(1, base(c).sequence());
                ps.setString(2, cutoff);
                try (ResultSet rs = ps.executeQuery())
                {
                    while (rs.next())
                    {
                        young.add(rs.getLong(1));
                    }
                }
            }
            return young;
        });
    }

    private static ChainLink tail(final Connection c) throws SQLException
    {
        final ChainLink base = base(c);
        try (Statement st = c.createStatement();
            ResultSet rs = st.executeQuery("SELECT sequence, hash FROM audit_events ORDER BY sequence DESC LIMIT 1"))
        {
            if (rs.next() && rs.getLong(1) > base.sequence())
            {
                return new ChainLink(rs.getLong(1), rs.getString(2));
            }
            return base;
        }
    }

    private static ChainLink base(final Connection c) throws SQLException
    {
        final String sequence = meta(c, AuditSchema.META_BASE_SEQUENCE);
        final String hash = meta(c, AuditSchema.META_BASE_HASH);
        return sequence == null ? ChainLink.GENESIS : new ChainLink(Long.parseLong(sequence), hash);
    }

    private static String meta(final Connection c, final String key) throws SQLException
    {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM audit_meta WHERE key = ?"))
        {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery())
            {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static long queryLong(final Connection c, final String sql) throws SQLException
    {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql))
        {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /**
     * Walks the chain from its base and checks every event: its hash against its content, its
     * sequence against the one before, its {@code prev_hash} against the hash before. Events at or
     * below the chain base are ones retention kept under a legal hold after archiving them; each is
     * checked against its own hash.
     *
     * @param progress told the number of events checked, every 100,000.
     * @return what was found; {@link ChainVerification#verified()} is false at the first break.
     * @throws StoreException when the store cannot be read.
     */
    @Override
    public synchronized ChainVerification verify(final LongConsumer progress)
    {
        return db.read(c ->
        {
            final ChainWalk walk = new ChainWalk(canonical, base(c), progress);
            try (PreparedStatement ps = c.prepareStatement(AuditSchema.SELECT_EVENTS + " ORDER BY sequence"))
            {
                AuditSql.each(ps, walk::accept);
            }
            return walk.result();
        });
    }

    /**
     * Calls the sink with every event that matches, in sequence order.
     *
     * @param query filters.
     * @param sink  gets each event.
     * @return events passed to the sink.
     * @throws StoreException when the store cannot be read.
     */
    @Override
    public synchronized long forEach(final AuditQuery query, final Consumer<AuditEvent> sink)
    {
        return db.read(c ->
        {
            final StringBuilder sql = new StringBuilder(AuditSchema.SELECT_EVENTS).append(" WHERE 1 = 1");
            final List<Object> args = new ArrayList<>();
            query.appendWhere(sql, args);
            sql.append(" ORDER BY sequence");
            if (query.limit() < Long.MAX_VALUE)
            {
                sql.append(" LIMIT ").append(query.limit());
            }
            try (PreparedStatement ps = c.prepareStatement(sql.toString()))
            {
                for (int i = 0; i < args.size(); i++)
                {
                    ps.setObject(i + 1, args.get(i));
                }
                return AuditSql.all(ps, sink);
            }
        });
    }

    /**
     * Counts events by category, severity and UTC day.
     *
     * @param query filters (the limit is ignored).
     * @return the counts.
     * @throws StoreException when the store cannot be read.
     */
    @Override
    public synchronized AuditStats stats(final AuditQuery query)
    {
        return db.read(c ->
        {
            final StringBuilder where = new StringBuilder(" WHERE 1 = 1");
            final List<Object> args = new ArrayList<>();
            query.appendWhere(where, args);
            return AuditSql.stats(c, "audit_events", where, args);
        });
    }

    // ------------------------------------------------------------------------------------------
    // Retention: archive copies, then the single controlled delete
    // ------------------------------------------------------------------------------------------

    /**
     * Calls the sink with every event whose sequence is in {@code [from, to]}, in order.
     *
     * @throws StoreException when the store cannot be read.
     */
    @Override
    public synchronized void forEachInRange(final long from, final long to, final Consumer<AuditEvent> sink)
    {
        db.read(c ->
        {
            try (PreparedStatement ps = c.prepareStatement(AuditSchema.SELECT_EVENTS +
                " WHERE sequence BETWEEN ? AND ? ORDER BY sequence"))
            {
                ps.setLong(1, from);
                ps.setLong(2, to);
                AuditSql.all(ps, sink);
            }
            return null;
        });
    }

    @Override
    public synchronized SortedMap<Long, String> writtenAt(final long from, final long to)
    {
        return db.read(c ->
        {
            final SortedMap<Long, String> written = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT sequence, recorded_at FROM audit_recorded_at WHERE sequence BETWEEN ? AND ? ORDER BY sequence"))
            {
                ps.setLong(1, from);
                ps.setLong(2, to);
                try (ResultSet rs = ps.executeQuery())
                {
                    while (rs.next())
                    {
                        written.put(rs.getLong(1), rs.getString(2));
                    }
                }
            }
            return written;
        });
    }

    /**
     * Appends events copied from the live store, exactly as they are, to this archive, after
     * checking that they continue its chain (next sequence, matching {@code prev_hash}, sound hash).
     *
     * @param events events in sequence order.
     * @throws StoreException when this is not an archive, an event does not continue the chain, or
     *                        the archive cannot be written.
     */
    @Override
    public synchronized void appendArchived(final List<AuditEvent> events)
    {
        if (events.isEmpty())
        {
            return;
        }
        db.writeOrFail("copy events into the archive", c ->
        {
            if (!ROLE_ARCHIVE.equals(meta(c, AuditSchema.META_ROLE)))
            {
                throw new StoreException(file + " is not an audit archive; refusing to copy events into it");
            }
            ChainWalk.requireContinues(canonical, tail(c), events, "archive " + file,
                "the archive belongs to another audit store, or the live store fails horizon audit verify");
            insert(c, events);
            return null;
        });
    }

    /**
     * The one controlled way events leave the live store: in a single transaction, records the
     * receipt, opens the retention gate up to {@code through} for that receipt (the triggers allow
     * it only to the receipt's {@code through}, once per receipt), deletes every event at or below
     * it except the {@code held} ones, moves the chain base to {@code newBase} (the triggers allow
     * only the receipt's {@code chain_base_*}), and closes the gate again. The caller must have
     * archived everything up to {@code through} first.
     *
     * @param through      the last expired sequence.
     * @param held         sequences at or below {@code through} to keep (legal holds), ascending.
     * @param newBase      the event at {@code through}: where the live chain now starts.
     * @param receiptId    the receipt's id.
     * @param receiptLine  the signed receipt, as appended to {@code destruction.jsonl}.
     * @param expected     how many events the receipt says are deleted; any other count rolls back.
     * @param progress     told the number of events deleted so far, every chunk.
     * @return events deleted.
     * @throws StoreException when this is not the live store, the count differs, or it cannot be written.
     */
    @Override
    public synchronized long removeExpired(
        final long through,
        final long[] held,
        final ChainLink newBase,
        final String receiptId,
        final String receiptLine,
        final long expected,
        final LongConsumer progress)
    {
        return db.writeOrFail("remove expired events", c ->
        {
            if (!ROLE_LIVE.equals(meta(c, AuditSchema.META_ROLE)))
            {
                throw new StoreException(file + " is not a live audit store; retention removes events from audit.db only");
            }
            // The receipt first: the gate opens only to the "through" of the receipt recorded last.
            final long receiptRow;
            try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO audit_retention_receipts (receipt_id, line) VALUES (?, ?)"))
            {
                ps.setString(1, receiptId);
                ps.setString(2, receiptLine);
                ps.executeUpdate();
            }
            receiptRow = queryLong(c, "SELECT last_insert_rowid()");
            if (through > 0)
            {
                setGate(c, through, receiptRow);
            }
            long deleted = 0;
            final long base = base(c).sequence();
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM audit_events WHERE sequence BETWEEN ? AND ?"))
            {
                long from = 1;
                int h = 0;
                while (from <= through)
                {
                    while (h < held.length && held[h] < from)
                    {
                        h++;
                    }
                    final long nextHeld = h < held.length ? held[h] : Long.MAX_VALUE;
                    final long to = Math.min(through, Math.min(nextHeld - 1, from + DELETE_CHUNK - 1));
                    if (to >= from)
                    {
                        ps.setLong(1, from);
                        ps.setLong(2, to);
                        deleted += ps.executeUpdate();
                        progress.accept(deleted);
                    }
                    from = to + 1;
                    if (from == nextHeld)
                    {
                        from++;
                        h++;
                    }
                }
            }
            if (through > base)
            {
                try (PreparedStatement ps = c.prepareStatement("UPDATE audit_meta SET value = ? WHERE key = ?"))
                {
                    ps.setString(1, Long.toString(newBase.sequence()));
                    ps.setString(2, AuditSchema.META_BASE_SEQUENCE);
                    ps.executeUpdate();
                    ps.setString(1, newBase.hash());
                    ps.setString(2, AuditSchema.META_BASE_HASH);
                    ps.executeUpdate();
                }
            }
            if (deleted != expected)
            {
                throw new StoreException("retention found " + expected + " events to remove from " + file + " but the delete " +
                    "touched " + deleted + "; nothing was removed. Run horizon audit verify");
            }
            if (through > 0)
            {
                setGate(c, 0, receiptRow);
            }
            return deleted;
        });
    }

    private static void setGate(final Connection c, final long through, final long receiptRow) throws SQLException
    {
        try (PreparedStatement ps = c.prepareStatement(
            "UPDATE audit_retention_gate SET delete_through = ?, receipts_used = ? WHERE id = 1"))
        {
            ps.setLong(1, through);
            ps.setLong(2, receiptRow);
            ps.executeUpdate();
        }
    }

    /**
     * What is wrong with the store's guards: a guard trigger that is missing or altered (someone
     * dropped it: with the guards gone, plain SQL can rewrite the chain, and only the chain, the
     * receipts and the anchors show it), a retention gate left open outside a retention run, or
     * an old schema whose gate is not tied to receipts.
     *
     * @return one line per problem; empty when every guard is in place.
     * @throws StoreException when the store cannot be read.
     */
    @Override
    public synchronized List<String> guardProblems()
    {
        return db.read(c ->
        {
            final List<String> problems = new ArrayList<>();
            final String version = meta(c, AuditSchema.META_SCHEMA_VERSION);
            if (!Integer.toString(AuditSchema.SCHEMA_VERSION).equals(version))
            {
                problems.add(file.getFileName() + " has audit schema version " + version + ("1".equals(version) ?
                    ", whose retention gate is not tied to receipts" : ", written by an earlier release") +
                    "; any write verb (or the daemon) upgrades it to version " + AuditSchema.SCHEMA_VERSION);
                return problems;
            }
            final List<String> missing = AuditSchema.missingTriggers(c);
            if (!missing.isEmpty())
            {
                problems.add("guard triggers missing or altered in " + file.getFileName() + ": " + String.join(", ", missing) +
                    " (someone with write access to the file dropped them)");
            }
            final long open = queryLong(c, "SELECT delete_through FROM audit_retention_gate WHERE id = 1");
            if (open != 0)
            {
                problems.add("the retention gate of " + file.getFileName() + " is open (delete_through = " + open +
                    ") outside a retention run");
            }
            return problems;
        });
    }

    /**
     * @return how many events the store holds at or below its chain base (kept under legal hold).
     * @throws StoreException when the store cannot be read.
     */
    @Override
    public synchronized long heldCount()
    {
        return db.read(c ->
        {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM audit_events WHERE sequence <= ?"))
            {
                ps.setLong(1, base(c).sequence());
                try (ResultSet rs = ps.executeQuery())
                {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    /**
     * @return every retention receipt recorded in this store, id to signed line, oldest first.
     * @throws StoreException when the store cannot be read.
     */
    @Override
    public synchronized Map<String, String> receipts()
    {
        return db.read(c ->
        {
            final Map<String, String> receipts = new LinkedHashMap<>();
            try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT receipt_id, line FROM audit_retention_receipts ORDER BY rowid"))
            {
                while (rs.next())
                {
                    receipts.put(rs.getString(1), rs.getString(2));
                }
            }
            return receipts;
        });
    }

    // ------------------------------------------------------------------------------------------

    @Override
    public synchronized void close()
    {
        reconnect();
    }

    @Override
    public String toString()
    {
        return "SqliteAuditStore(" + file + ")";
    }
}
