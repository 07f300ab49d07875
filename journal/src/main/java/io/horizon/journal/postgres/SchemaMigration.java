package io.horizon.journal.postgres;

import java.util.List;

/**
 * One versioned step of a PostgreSQL store's schema: the statements that take a database from
 * {@code version - 1} to {@code version}. Applied once, in order, inside one transaction, and
 * recorded in {@code horizon_schema_migrations}; a released step is never edited, only followed by
 * a new one.
 * <p>
 * Immutable; any thread.
 *
 * @param version     1, 2, 3, … without gaps.
 * @param description one line for people, kept in the migrations table.
 * @param statements  the SQL, run in order.
 */
public record SchemaMigration(int version, String description, List<String> statements)
{
    public SchemaMigration
    {
        statements = List.copyOf(statements);
    }
}
