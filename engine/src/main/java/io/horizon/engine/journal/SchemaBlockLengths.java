package io.horizon.engine.journal;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * The smallest block a record of each schema version must have, read once from a generated SBE
 * decoder: for version {@code v}, the end of the last fixed field whose {@code sinceVersion} is
 * {@code v} or less. A record whose block is shorter than its own version requires would make the
 * decoder read a field out of the text or the checksum, so {@link JournalCodec#validate} refuses
 * it. Computed from the generated code, so it stays right when a field is added to the schema.
 * <p>
 * Threading: immutable after construction; any thread.
 */
final class SchemaBlockLengths
{
    private final int[] byVersion;

    SchemaBlockLengths(final Class<?> decoder, final int schemaVersion)
    {
        byVersion = new int[schemaVersion + 1];
        try
        {
            for (final Method since : decoder.getMethods())
            {
                final String name = since.getName();
                if (!name.endsWith("SinceVersion") || !Modifier.isStatic(since.getModifiers()))
                {
                    continue;
                }
                final String field = name.substring(0, name.length() - "SinceVersion".length());
                final Method offset = find(decoder, field + "EncodingOffset");
                final Method length = find(decoder, field + "EncodingLength");
                if (offset == null || length == null)
                {
                    continue; // variable-length data: after the block
                }
                final int end = (int)offset.invoke(null) + (int)length.invoke(null);
                for (int v = Math.max(0, (int)since.invoke(null)); v <= schemaVersion; v++)
                {
                    byVersion[v] = Math.max(byVersion[v], end);
                }
            }
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException("cannot read the field layout of " + decoder.getName(), ex);
        }
    }

    private static Method find(final Class<?> type, final String name)
    {
        try
        {
            return type.getMethod(name);
        }
        catch (final NoSuchMethodException ex)
        {
            return null;
        }
    }

    /**
     * @param version a schema version from 0 up to the one this release knows.
     * @return the shortest block a record of that version may have.
     */
    int required(final int version)
    {
        return byVersion[version];
    }
}
