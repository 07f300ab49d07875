package io.horizon.journal.audit;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import io.horizon.journal.flush.JournalPosition;
import io.horizon.journal.postgres.PostgresConnection;
import io.horizon.journal.postgres.PostgresTarget;
import io.horizon.journal.sqlite.StoreException;

/**
 * The PostgreSQL backend of the {@link AuditStore}: one database that several daemons write, each
 * under its own writer id with its own chain and sequence ({@code audit_events.writer_id}); this
 * object is one writer's chain (live, or its archive in {@code audit_archive_events}), or, for
 * {@link #forEach}, {@link #stats} and {@link #count} only, every writer's events together.
 * <p>
 * Appends take a transaction-scoped advisory lock on the writer's chain before reading the tail, so a daemon's flusher and a tool appending under the same writer serialise, and two
 * writers never wait on each other. A flusher's journal position commits in the same transaction
 * as its rows. The daemon's store ({@link #forFlusher}) applies the schema migrations and holds a
 * session advisory lock on its writer id for as long as its connection lives: a second daemon
 * with the same {@code daemon.id} is refused ({@link #claimWriter()}), and after a dropped
 * connection the lease is taken again before anything is written.
 * <p>
 * Retention removes events only through the database function {@code horizon_audit_remove_expired},
 * which records the receipt and opens and closes the gate in the same transaction
 * ({@link PostgresAuditSchema}).
 * <p>
 * Threading: every method is synchronized; one connection per store.
 */
public final class PostgresAuditStore implements AuditStore
{
    /** Seed of the writer lease's advisory lock key: "HZNA". */
    private static final int WRITER_LEASE = 0x485A4E41;
    /** Seed of the transaction lock key that serialises appends to a writer's live chain: "HZNL". */
    private static final int LIVE_APPEND = 0x485A4E4C;
    /** The same for its archive chain: "HZNR". */
    private static final int ARCHIVE_APPEND = 0x485A4E52;
    private static final int FETCH_SIZE = 10_000;

    private final PostgresTarget target;
    private final String writer;
    private final String chainRole;
    private final String table;
    private final PostgresConnection db;
    private final AuditCanonicalForm canonical = new AuditCanonicalForm();
    private final AuditChainSealer sealer = new AuditChainSealer();
    private final PostgresAuditCopy copy = new PostgresAuditCopy();

    /**
     * @param daemon   apply migrations and hold the writer lease (the daemon's flusher).
     * @param register create the writer's chain of this role if missing (writers, not readers).
     */
    private PostgresAuditStore(final PostgresTarget target, final String chainRole, final boolean daemon, final boolean register)
    {
        this.target = target;
        this.writer = target.writerId();
        this.chainRole = chainRole;
        this.table = ROLE_ARCHIVE.equals(chainRole) ? "audit_archive_events" : "audit_events";
        this.db = new PostgresConnection(target, ROLE_ARCHIVE.equals(chainRole) ? "audit archive" : "audit log",
            PostgresAuditSchema.MIGRATIONS, daemon, c ->
            {
                if (daemon)
                {
                    takeLease(c);
                }
                if (register)
                {
                    register(c);
                }
            });
    }

    /**
     * The store a daemon's flusher writes under its writer id: migrates the schema, registers the
     * writer's chain, and holds the writer lease on every connection it opens. Nothing is opened
     * until first used; call {@link #claimWriter()} at start to be refused at once.
     *
     * @param target the database, credentials and {@code daemon.id}.
     * @return the store.
     */
    public static PostgresAuditStore forFlusher(final PostgresTarget target)
    {
        requireWriter(target);
        return new PostgresAuditStore(target, ROLE_LIVE, true, true);
    }

    /**
     * @return every schema step of Horizon's PostgreSQL database this release knows (audit log and
     *         dead-letter queue share one database and one version).
     */
    public static List<io.horizon.journal.postgres.SchemaMigration> migrations()
    {
        return PostgresAuditSchema.MIGRATIONS;
    }

    /**
     * Brings the database's schema up to this release, as the role that owns it (in production not
     * the daemon's role, which may not change the schema), and nothing else.
     *
     * @param target the database and the owner's credentials (the writer id is ignored).
     * @return the schema version the database now has.
     * @throws StoreException when the database is newer than this release or cannot be changed.
     */
    public static int upgradeSchema(final PostgresTarget target)
    {
        final PostgresConnection connection = new PostgresConnection(target.forWriter(null), "audit log",
            PostgresAuditSchema.MIGRATIONS, true, c -> { });
        try
        {
            connection.openNow();
            return PostgresAuditSchema.MIGRATIONS.size();
        }
        finally
        {
            connection.reset();
        }
    }

    /**
     * A writer's live chain, or every writer's events (writer id null), for the CLI: checks the
     * schema version; applies nothing, takes no lease.
     *
     * @param target the database, credentials and writer (or null).
     * @return the open store.
     * @throws StoreException when the database cannot be opened or is not a Horizon audit log.
     */
    public static PostgresAuditStore openExisting(final PostgresTarget target)
    {
        final PostgresAuditStore store = new PostgresAuditStore(target, ROLE_LIVE, false, false);
        store.db.openNow();
        return store;
    }

    /**
     * A writer's archive chain (retention copies expired events into it), registered if missing.
     *
     * @param target the database, credentials and writer.
     * @return the open archive.
     */
    public static PostgresAuditStore openArchive(final PostgresTarget target)
    {
        requireWriter(target);
        final PostgresAuditStore store = new PostgresAuditStore(target, ROLE_ARCHIVE, false, true);
        store.db.openNow();
        return store;
    }

    /**
     * A writer's archive chain, for the CLI, read only.
     *
     * @param target the database, credentials and writer.
     * @return the archive, or null when retention never archived anything for this writer.
     * @throws StoreException when the database cannot be opened or is not a Horizon audit log.
     */
    public static PostgresAuditStore openExistingArchive(final PostgresTarget target)
    {
        requireWriter(target);
        final PostgresAuditStore store = new PostgresAuditStore(target, ROLE_ARCHIVE, false, false);
        final boolean exists = store.db.read(c ->
        {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM audit_chains WHERE writer_id = ? AND role = 'archive'"))
            {
                ps.setString(1, target.writerId());
                try (ResultSet rs = ps.executeQuery())
                {
                    return rs.next();
                }
            }
        });
        if (!exists)
        {
            store.close();
            return null;
        }
        return store;
    }

    /**
     * @param target the database and credentials (its writer id is ignored).
     * @return every writer id that has a live chain, in order.
     * @throws StoreException when the database cannot be read.
     */
    public static List<String> writers(final PostgresTarget target)
    {
        try (PostgresAuditStore all = openExisting(target.forWriter(null)))
        {
            return all.db.read(c ->
            {
                final List<String> writers = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(
                    "SELECT writer_id FROM audit_chains WHERE role = 'live' ORDER BY writer_id");
                    ResultSet rs = ps.executeQuery())
                {
                    while (rs.next())
                    {
                        writers.add(rs.getString(1));
                    }
                }
                return writers;
            });
        }
    }

    private static void requireWriter(final PostgresTarget target)
    {
        if (target.writerId() == null)
        {
            throw new IllegalArgumentException("a PostgreSQL audit writer needs a writer id: set daemon.id in the preset");
        }
    }

    /**
     * Opens the connection now: migrates, registers the chain and takes the writer lease.
     *
     * @throws StoreException when another daemon holds this writer id, the schema is newer than this
     *                        release, or the database cannot be reached.
     */
    public synchronized void claimWriter()
    {
        db.openNow();
    }

    private void takeLease(final Connection c) throws SQLException
    {
        // One 64-bit key per writer id (seeded, so it is Horizon's own): two ids never share a lease.
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(hashtextextended(?, ?))"))
        {
            ps.setString(1, writer);
            ps.setLong(2, WRITER_LEASE);
            try (ResultSet rs = ps.executeQuery())
            {
                rs.next();
                if (!rs.getBoolean(1))
                {
                    throw new StoreException("writer id '" + writer + "' is in use by another Horizon connected to " +
                        target.safeUrl() + "; give each daemon its own daemon.id in its preset, or stop the other one");
                }
            }
        }
    }

    private void register(final Connection c) throws SQLException
    {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_chains (writer_id, role, created_at, " +
            "chain_base_sequence, chain_base_hash) VALUES (?, ?, ?, 0, ?) ON CONFLICT (writer_id, role) DO NOTHING"))
        {
            ps.setString(1, writer);
            ps.setString(2, chainRole);
            ps.setString(3, AuditTime.format(AuditTime.nowNanos()));
            ps.setString(4, AuditCanonicalForm.GENESIS_HASH);
            ps.executeUpdate();
        }
    }

    /**
     * @return the writer id, or null for a reader of every writer.
     */
    public String writer()
    {
        return writer;
    }

    @Override
    public String name()
    {
        return "postgres:" + (writer == null ? "*" : writer) + (ROLE_ARCHIVE.equals(chainRole) ? ":archive" : "");
    }

    @Override
    public String location()
    {
        return db.where();
    }

    @Override
    public synchronized void reconnect()
    {
        db.reset();
    }

    @Override
    public String role()
    {
        return chainRole;
    }

    // ------------------------------------------------------------------------------------------
    // Appending
    // ------------------------------------------------------------------------------------------

    @Override
    public synchronized List<AuditEvent> append(final List<AuditDraft> drafts)
    {
        requireWriter(target);
        return db.writeOrFail("append events", c -> sealAndInsert(c, drafts));
    }

    private List<AuditEvent> sealAndInsert(final Connection c, final List<AuditDraft> drafts) throws SQLException
    {
        final ChainLink tail = lockTail(c);
        final List<AuditEvent> written = drafts.isEmpty() ? new ArrayList<>() : sealer.seal(drafts, tail);
        insert(c, written);
        return written;
    }

    @Override
    public synchronized List<AuditEvent> appendFromJournal(
        final String positionName, final JournalPosition from, final JournalPosition to, final List<AuditDraft> drafts)
        throws SQLException
    {
        requireWriter(target);
        return db.write(c ->
        {
            if (!moveFrom(c, positionName, from, to))
            {
                return List.of();
            }
            final List<AuditEvent> written = sealAndInsert(c, drafts);
            writePosition(c, positionName, to);
            return written;
        });
    }

    @Override
    public synchronized List<AuditEvent> appendSealedFromJournal(
        final String positionName,
        final JournalPosition from,
        final JournalPosition to,
        final List<AuditEvent> sealed,
        final ChainLink sealedAfter) throws SQLException
    {
        requireWriter(target);
        return db.write(c ->
        {
            final ChainLink tail = lockTail(c);
            if (!moveFrom(c, positionName, from, to))
            {
                return List.of();
            }
            List<AuditEvent> written = sealed;
            if (!sealed.isEmpty())
            {
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

    /**
     * Takes the writer's append lock for this transaction (appenders of one writer chain serialise
     * here; an advisory lock, so the daemon's role needs no UPDATE privilege), then reads its tail.
     */
    private ChainLink lockTail(final Connection c) throws SQLException
    {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, ?))"))
        {
            lock.setString(1, writer);
            lock.setLong(2, ROLE_ARCHIVE.equals(chainRole) ? ARCHIVE_APPEND : LIVE_APPEND);
            lock.execute();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM audit_chains WHERE writer_id = ? AND role = ?"))
        {
            ps.setString(1, writer);
            ps.setString(2, chainRole);
            try (ResultSet rs = ps.executeQuery())
            {
                if (!rs.next())
                {
                    throw new StoreException("audit writer '" + writer + "' has no " + chainRole + " chain in " +
                        target.safeUrl() + "; a daemon with daemon.id = \"" + writer + "\" creates it at its first start");
                }
            }
        }
        return tail(c);
    }

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
            throw new StoreException(location() + " holds journal position '" + positionName + "' of writer " + writer +
                " at " + stored + " but this flusher continues from " + from +
                "; is another Horizon copying a different journal under the same daemon.id?");
        }
        return true;
    }

    private void insert(final Connection c, final List<AuditEvent> events) throws SQLException
    {
        copy.copy(c, table, writer, events);
    }

    @Override
    public synchronized JournalPosition position(final String positionName) throws SQLException
    {
        requireWriter(target);
        final Connection c = db.get();
        try
        {
            return readPosition(c, positionName);
        }
        finally
        {
            c.rollback();
        }
    }

    private JournalPosition readPosition(final Connection c, final String name) throws SQLException
    {
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT inbound_next, outbound_next FROM audit_flush_position WHERE writer_id = ? AND name = ?"))
        {
            ps.setString(1, writer);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery())
            {
                return rs.next() ? new JournalPosition(rs.getLong(1), rs.getLong(2)) : JournalPosition.START;
            }
        }
    }

    private void writePosition(final Connection c, final String name, final JournalPosition position) throws SQLException
    {
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO audit_flush_position (writer_id, name, inbound_next, outbound_next, committed_at) " +
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (writer_id, name) DO UPDATE SET inbound_next = excluded.inbound_next, " +
                "outbound_next = excluded.outbound_next, committed_at = excluded.committed_at"))
        {
            ps.setString(1, writer);
            ps.setString(2, name);
            ps.setLong(3, position.inboundNext());
            ps.setLong(4, position.outboundNext());
            ps.setString(5, AuditTime.format(AuditTime.nowNanos()));
            ps.executeUpdate();
        }
    }

    // ------------------------------------------------------------------------------------------
    // Reading one writer's chain
    // ------------------------------------------------------------------------------------------

    @Override
    public synchronized ChainLink tail()
    {
        requireWriter(target);
        return db.read(this::tail);
    }

    @Override
    public synchronized ChainLink base()
    {
        requireWriter(target);
        return db.read(this::base);
    }

    private ChainLink tail(final Connection c) throws SQLException
    {
        final ChainLink base = base(c);
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT sequence, hash FROM " + table + " WHERE writer_id = ? ORDER BY sequence DESC LIMIT 1"))
        {
            ps.setString(1, writer);
            try (ResultSet rs = ps.executeQuery())
            {
                if (rs.next() && rs.getLong(1) > base.sequence())
                {
                    return new ChainLink(rs.getLong(1), rs.getString(2));
                }
                return base;
            }
        }
    }

    private ChainLink base(final Connection c) throws SQLException
    {
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT chain_base_sequence, chain_base_hash FROM audit_chains WHERE writer_id = ? AND role = ?"))
        {
            ps.setString(1, writer);
            ps.setString(2, chainRole);
            try (ResultSet rs = ps.executeQuery())
            {
                return rs.next() ? new ChainLink(rs.getLong(1), rs.getString(2)) : ChainLink.GENESIS;
            }
        }
    }

    private String selectEvents()
    {
        return "SELECT " + PostgresAuditSchema.EVENT_COLUMNS + " FROM " + table;
    }

    @Override
    public synchronized AuditEvent event(final long sequence)
    {
        requireWriter(target);
        return db.read(c ->
        {
            try (PreparedStatement ps = c.prepareStatement(selectEvents() + " WHERE writer_id = ? AND sequence = ?"))
            {
                ps.setString(1, writer);
                ps.setLong(2, sequence);
                try (ResultSet rs = ps.executeQuery())
                {
                    return rs.next() ? AuditSql.event(rs) : null;
                }
            }
        });
    }

    @Override
    public synchronized AuditEvent lastBefore(final String timestamp)
    {
        requireWriter(target);
        return db.read(c ->
        {
            try (PreparedStatement ps = c.prepareStatement(selectEvents() +
                " WHERE writer_id = ? AND timestamp < ? ORDER BY sequence DESC LIMIT 1"))
            {
                ps.setString(1, writer);
                ps.setString(2, timestamp);
                try (ResultSet rs = ps.executeQuery())
                {
                    return rs.next() ? AuditSql.event(rs) : null;
                }
            }
        });
    }

    @Override
    public synchronized long count()
    {
        return db.read(c ->
        {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table +
                (writer == null ? "" : " WHERE writer_id = ?")))
            {
                if (writer != null)
                {
                    ps.setString(1, writer);
                }
                try (ResultSet rs = ps.executeQuery())
                {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public synchronized long lastExpired(final String cutoff)
    {
        requireWriter(target);
        return db.read(c ->
        {
            final ChainLink base = base(c);
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT min(sequence) FROM " + table + " WHERE writer_id = ? AND sequence > ? AND " + ageBasis() + " >= ?"))
            {
                ps.setString(1, writer);
                ps.setLong(2, base.sequence());
                ps.setString(3, cutoff);
                try (ResultSet rs = ps.executeQuery())
                {
                    rs.next();
                    final long first = rs.getLong(1);
                    return rs.wasNull() ? tail(c).sequence() : first - 1;
                }
            }
        });
    }

    @Override
    public synchronized List<Long> heldWrittenSince(final String cutoff)
    {
        requireWriter(target);
        return db.read(c ->
        {
            final List<Long> young = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT sequence FROM " + table + " WHERE writer_id = ? AND sequence <= ? AND " + ageBasis() + " >= ? " +
                    "ORDER BY sequence"))
            {
                ps.setString(1, writer);
                ps.setLong(2, base(c).sequence());
                ps.setString(3, cutoff);
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

    /**
     * Retention's age of an event: {@code recorded_at} (schema step 4, the wall time it was
     * written), else its timestamp. Archive chains keep no {@code recorded_at} (retention never
     * runs on them).
     */
    private String ageBasis()
    {
        return "audit_events".equals(table) ? "coalesce(recorded_at, timestamp)" : "timestamp";
    }

    @Override
    public synchronized ChainVerification verify(final LongConsumer progress)
    {
        requireWriter(target);
        return db.read(c ->
        {
            final ChainLink base = base(c);
            final ChainWalk walk = new ChainWalk(canonical, base, progress);
            try (PreparedStatement ps = c.prepareStatement(selectEvents() + " WHERE writer_id = ? ORDER BY sequence"))
            {
                ps.setFetchSize(FETCH_SIZE);
                ps.setString(1, writer);
                AuditSql.each(ps, walk::accept);
            }
            return walk.result();
        });
    }

    @Override
    public synchronized long forEach(final AuditQuery query, final Consumer<AuditEvent> sink)
    {
        return db.read(c ->
        {
            final StringBuilder sql = new StringBuilder(selectEvents()).append(" WHERE 1 = 1");
            final List<Object> args = new ArrayList<>();
            whereWriter(sql, args);
            query.appendWhere(sql, args);
            sql.append(" ORDER BY writer_id, sequence");
            if (query.limit() < Long.MAX_VALUE)
            {
                sql.append(" LIMIT ").append(query.limit());
            }
            try (PreparedStatement ps = c.prepareStatement(sql.toString()))
            {
                ps.setFetchSize(FETCH_SIZE);
                AuditSql.bindAll(ps, args);
                return AuditSql.all(ps, sink);
            }
        });
    }

    private void whereWriter(final StringBuilder sql, final List<Object> args)
    {
        if (writer != null)
        {
            sql.append(" AND writer_id = ?");
            args.add(writer);
        }
    }

    @Override
    public synchronized AuditStats stats(final AuditQuery query)
    {
        return db.read(c ->
        {
            final StringBuilder where = new StringBuilder(" WHERE 1 = 1");
            final List<Object> args = new ArrayList<>();
            whereWriter(where, args);
            query.appendWhere(where, args);
            return AuditSql.stats(c, table, where, args);
        });
    }

    /**
     * @param query filters (the limit is ignored).
     * @return events per writer id, in writer order.
     * @throws StoreException when the store cannot be read.
     */
    public synchronized Map<String, Long> countByWriter(final AuditQuery query)
    {
        return db.read(c ->
        {
            final StringBuilder where = new StringBuilder(" WHERE 1 = 1");
            final List<Object> args = new ArrayList<>();
            whereWriter(where, args);
            query.appendWhere(where, args);
            return AuditSql.groupCount(c, table, "writer_id", where, args);
        });
    }

    // ------------------------------------------------------------------------------------------
    // Retention
    // ------------------------------------------------------------------------------------------

    @Override
    public synchronized void forEachInRange(final long from, final long to, final Consumer<AuditEvent> sink)
    {
        requireWriter(target);
        db.read(c ->
        {
            try (PreparedStatement ps = c.prepareStatement(selectEvents() +
                " WHERE writer_id = ? AND sequence BETWEEN ? AND ? ORDER BY sequence"))
            {
                ps.setFetchSize(FETCH_SIZE);
                ps.setString(1, writer);
                ps.setLong(2, from);
                ps.setLong(3, to);
                AuditSql.all(ps, sink);
            }
            return null;
        });
    }

    @Override
    public synchronized SortedMap<Long, String> writtenAt(final long from, final long to)
    {
        requireWriter(target);
        final SortedMap<Long, String> written = new TreeMap<>();
        if (!"audit_events".equals(table))
        {
            return written;
        }
        return db.read(c ->
        {
            try (PreparedStatement ps = c.prepareStatement("SELECT sequence, recorded_at FROM audit_events " +
                "WHERE writer_id = ? AND sequence BETWEEN ? AND ? AND recorded_at IS NOT NULL ORDER BY sequence"))
            {
                ps.setFetchSize(FETCH_SIZE);
                ps.setString(1, writer);
                ps.setLong(2, from);
                ps.setLong(3, to);
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

    @Override
    public synchronized void appendArchived(final List<AuditEvent> events)
    {
        if (events.isEmpty())
        {
            return;
        }
        if (!ROLE_ARCHIVE.equals(chainRole))
        {
            throw new StoreException(name() + " is not an audit archive; refusing to copy events into it");
        }
        db.writeOrFail("copy events into the archive", c ->
        {
            ChainWalk.requireContinues(canonical, lockTail(c), events, "the archive of writer " + writer,
                "the live chain fails horizon audit verify");
            insert(c, events);
            return null;
        });
    }

    /**
     * Copies events of another store of the same chain (a migration from {@code audit.db}) exactly as
     * they are, after checking that they continue this writer's live chain (next sequence, matching
     * {@code prev_hash}, sound hash), and, in the same transaction, sets the flusher's journal
     * position to where the source's flusher stopped, so the daemon continues without a gap or a
     * duplicate. Each event keeps when the source recorded it as written ({@code recorded_at},
     * retention's age basis); one the source holds no time for is stored without one (retention
     * then judges it by its timestamp, as the source would), not stamped with the time of the copy.
     *
     * @param events       events in sequence order.
     * @param writtenAt    the source's {@code recorded_at} by sequence ({@link AuditStore#writtenAt}).
     * @param positionName the flusher's position to set with the last chunk, or null.
     * @param position     that position.
     * @throws StoreException when an event does not continue the chain, or the store cannot be written.
     */
    public synchronized void importEvents(final List<AuditEvent> events, final Map<Long, String> writtenAt,
        final String positionName, final JournalPosition position)
    {
        requireWriter(target);
        if (!ROLE_LIVE.equals(chainRole))
        {
            throw new StoreException(name() + " is not a live audit chain; a migration copies into the live chain only");
        }
        db.writeOrFail("copy events into writer " + writer, c ->
        {
            ChainWalk.requireContinues(canonical, lockTail(c), events, "writer " + writer, "nothing of this chunk was copied");
            copy.copyWrittenAt(c, writer, events, writtenAt);
            if (positionName != null)
            {
                writePosition(c, positionName, position);
            }
            return null;
        });
    }

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
        if (!ROLE_LIVE.equals(chainRole))
        {
            throw new StoreException(name() + " is not a live audit chain; retention removes events from the live chain only");
        }
        requireWriter(target);
        final long deleted = db.writeOrFail("remove expired events", c ->
        {
            final Long[] boxed = new Long[held.length];
            for (int i = 0; i < held.length; i++)
            {
                boxed[i] = held[i];
            }
            final Array heldArray = c.createArrayOf("bigint", boxed);
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT horizon_audit_remove_expired(?, ?, ?, ?, ?, ?, ?, ?)"))
            {
                ps.setString(1, writer);
                ps.setString(2, receiptId);
                ps.setString(3, receiptLine);
                ps.setLong(4, through);
                ps.setArray(5, heldArray);
                ps.setLong(6, newBase.sequence());
                ps.setString(7, newBase.hash());
                ps.setLong(8, expected);
                try (ResultSet rs = ps.executeQuery())
                {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        progress.accept(deleted);
        return deleted;
    }

    @Override
    public synchronized List<String> guardProblems()
    {
        return db.read(c ->
        {
            final List<String> problems = new ArrayList<>();
            final List<String> missing = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_trigger t JOIN pg_class r ON r.oid = t.tgrelid " +
                "WHERE r.oid = to_regclass(?) AND t.tgname = ? AND t.tgenabled <> 'D'"))
            {
                for (final String[] trigger : PostgresAuditSchema.TRIGGERS)
                {
                    ps.setString(1, trigger[0]);
                    ps.setString(2, trigger[1]);
                    try (ResultSet rs = ps.executeQuery())
                    {
                        if (!rs.next())
                        {
                            missing.add(trigger[1]);
                        }
                    }
                }
            }
            if (!missing.isEmpty())
            {
                problems.add("guard triggers missing or disabled in " + target.safeUrl() + ": " + String.join(", ", missing) +
                    " (someone who owns the tables dropped or disabled them)");
            }
            if (writer != null)
            {
                try (PreparedStatement ps = c.prepareStatement(
                    "SELECT delete_through FROM audit_chains WHERE writer_id = ? AND role = 'live'"))
                {
                    ps.setString(1, writer);
                    try (ResultSet rs = ps.executeQuery())
                    {
                        if (rs.next() && rs.getLong(1) != 0)
                        {
                            problems.add("the retention gate of writer " + writer + " is open (delete_through = " +
                                rs.getLong(1) + ") outside a retention run");
                        }
                    }
                }
            }
            return problems;
        });
    }

    @Override
    public synchronized long heldCount()
    {
        requireWriter(target);
        return db.read(c ->
        {
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM " + table + " WHERE writer_id = ? AND sequence <= ?"))
            {
                ps.setString(1, writer);
                ps.setLong(2, base(c).sequence());
                try (ResultSet rs = ps.executeQuery())
                {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    @Override
    public synchronized Map<String, String> receipts()
    {
        requireWriter(target);
        return db.read(c ->
        {
            final Map<String, String> receipts = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT receipt_id, line FROM audit_retention_receipts WHERE writer_id = ? ORDER BY id"))
            {
                ps.setString(1, writer);
                try (ResultSet rs = ps.executeQuery())
                {
                    while (rs.next())
                    {
                        receipts.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            return receipts;
        });
    }

    @Override
    public synchronized void close()
    {
        db.reset();
    }

    @Override
    public String toString()
    {
        return "PostgresAuditStore(" + target + ")";
    }
}
