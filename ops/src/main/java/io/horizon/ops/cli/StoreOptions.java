package io.horizon.ops.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/**
 * The {@code --db} and {@code --state} options every audit and dead-letter verb shares: which
 * store file to work on, named directly or through the daemon's state directory. {@code --db}
 * wins when both are given.
 * <p>
 * Picocli fills it on the CLI's thread; read it from the same thread.
 */
final class StoreOptions
{
    /** The state directory when neither option is given. */
    static final Path DEFAULT_STATE = Path.of("./state");

    @Option(names = "--db", paramLabel = "PATH",
        description = "The database file itself. Default: the verb's store in --state (audit.db or dlq.db).")
    Path db;

    @Option(names = "--state", paramLabel = "DIR",
        description = "State directory of the daemon. Default: ./state")
    Path state;

    /**
     * @param fileName the store's file name in a state directory, e.g. {@code audit.db}.
     * @return the store file.
     */
    Path file(final String fileName)
    {
        return db != null ? db : (state != null ? state : DEFAULT_STATE).resolve(fileName);
    }

    /**
     * @param fileName the store's file name in a state directory.
     * @return the directory the store file is in (the state directory, normally).
     */
    Path directory(final String fileName)
    {
        return file(fileName).toAbsolutePath().normalize().getParent();
    }
}
