package io.horizon.ops.preset;

import java.nio.file.Path;

import io.horizon.journal.lifecycle.LifecycleAction;
import io.horizon.journal.lifecycle.LifecyclePolicy;
import io.horizon.journal.retention.RetentionPolicy;

/**
 * The journal lifecycle keys of the preset's {@code [journal]} table: what happens to old cycle
 * files ({@code old_cycles = "keep" | "archive" | "delete"}, default keep: nothing is removed unless
 * configured), where archived ones go ({@code archive_dir}), how long a cycle is kept at least
 * ({@code retention}, e.g. {@code "30d"}), how often the daemon looks ({@code lifecycle_interval_s})
 * and an optional file of legal holds ({@code legal_holds_file}, one {@code KIND=VALUE} a line,
 * re-read on every run).
 *
 * @param action          what to do with a cycle that may go.
 * @param archive         the archive directory, for {@link LifecycleAction#ARCHIVE}; else null.
 * @param retention       the retention period; null when cycles are kept.
 * @param intervalSeconds seconds between runs.
 * @param legalHoldsFile  the holds file, or null.
 */
public record JournalLifecycleSettings(
    LifecycleAction action, Path archive, RetentionPolicy retention, long intervalSeconds, Path legalHoldsFile)
{
    /** Default seconds between runs: hourly. */
    public static final long DEFAULT_INTERVAL_S = 3_600;

    /** Keep every cycle. */
    public static final JournalLifecycleSettings KEEP =
        new JournalLifecycleSettings(LifecycleAction.NONE, null, null, DEFAULT_INTERVAL_S, null);

    /**
     * @return the lifecycle's policy.
     */
    public LifecyclePolicy policy()
    {
        return new LifecyclePolicy(action, archive, retention);
    }

    /**
     * @return the preset word for the action.
     */
    public String actionName()
    {
        return action == LifecycleAction.NONE ? "keep" : action.configName();
    }
}
