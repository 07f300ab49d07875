package io.horizon.journal.lifecycle;

import java.nio.file.Path;

import io.horizon.journal.retention.RetentionPolicy;

/**
 * What the journal lifecycle may do: the action, where archived cycles go, and how long a cycle is
 * kept at least (counted from the end of its UTC day).
 * <p>
 * Immutable; any thread.
 *
 * @param action    what to do with a cycle that may go.
 * @param archive   the archive directory (cycles go to {@code ARCHIVE/inbound} and {@code ARCHIVE/outbound});
 *                  required for {@link LifecycleAction#ARCHIVE}, null otherwise.
 * @param retention how long a cycle is kept at least.
 */
public record LifecyclePolicy(LifecycleAction action, Path archive, RetentionPolicy retention)
{
    public LifecyclePolicy
    {
        if (action == LifecycleAction.ARCHIVE && archive == null)
        {
            throw new IllegalArgumentException("archiving journal cycles needs an archive directory");
        }
        if (action != LifecycleAction.NONE && retention == null)
        {
            throw new IllegalArgumentException("a journal lifecycle that takes cycles out needs a retention period");
        }
    }
}
