package io.horizon.ops.preset;

import java.util.List;

/**
 * A preset that cannot be used. Each error names the key, the value and what is allowed; the
 * message is the first error (plus how many more), {@link #errors()} holds them all for
 * {@code horizon preset validate}.
 */
public final class PresetException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    private final transient List<String> errors;

    /**
     * @param errors one line each, most important first; not empty.
     */
    public PresetException(final List<String> errors)
    {
        super(summary(errors));
        this.errors = List.copyOf(errors);
    }

    /**
     * @return every error, one line each.
     */
    public List<String> errors()
    {
        return errors;
    }

    private static String summary(final List<String> errors)
    {
        if (errors.isEmpty())
        {
            throw new IllegalArgumentException("a preset error needs at least one message");
        }
        return errors.size() == 1 ?
            errors.get(0) :
            errors.get(0) + " (and " + (errors.size() - 1) + " more; horizon preset validate FILE lists them all)";
    }
}
