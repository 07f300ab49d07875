package io.horizon.ops.alerting;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import io.horizon.ops.state.AtomicFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far the alert follower has alerted the outbound journal, kept in
 * {@code STATE/}{@value #FILE_NAME} (one line: the next record to read), so that a restart alerts
 * what the last run journaled but had not alerted yet: the outputs of the moments before a crash.
 * <p>
 * Best effort: a file that cannot be read counts as absent (the follower then starts at the
 * journal's end, as on a first start), and a write that fails is logged once; neither stops
 * alerting.
 * <p>
 * Threading: {@link #read} from the owner before the follower starts; {@link #write} from the
 * follower thread only.
 */
final class AlertFollowerPosition
{
    /** The file's name in the state directory. */
    static final String FILE_NAME = "alerts.position";

    private static final Logger LOG = LoggerFactory.getLogger(AlertFollowerPosition.class);

    private final Path file;
    private boolean warned;

    AlertFollowerPosition(final Path stateDirectory)
    {
        this.file = stateDirectory.resolve(FILE_NAME);
    }

    /**
     * @return the next outbound record to alert, or -1 when none was kept.
     */
    long read()
    {
        try
        {
            return Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim());
        }
        catch (final NoSuchFileException ex)
        {
            return -1;
        }
        catch (final IOException | NumberFormatException ex)
        {
            LOG.warn("ignoring {} ({}); alerts follow the journal from its end", file, ex.toString());
            return -1;
        }
    }

    /**
     * @param next the next outbound record to alert.
     */
    void write(final long next)
    {
        try
        {
            AtomicFile.write(file, next + "\n");
        }
        catch (final IOException ex)
        {
            if (!warned)
            {
                warned = true;
                LOG.warn("cannot keep the alert position in {} ({}); after a crash, alerts journaled just before it " +
                    "are not sent", file, ex.toString());
            }
        }
    }
}
