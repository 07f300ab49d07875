package io.horizon.ops.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;

/**
 * What {@code /ready} answers: the daemon is ready when every check passes. The inputs are small
 * suppliers the daemon provides, so this class knows nothing of the engine, the journal or the
 * audit log. A check whose input is not reported yet (NaN) passes and says so, rather than
 * inventing a value.
 * <p>
 * Immutable once built; {@link #evaluate()} from any thread (the suppliers must allow that).
 */
public final class Readiness
{
    private final List<Check> checks;

    private Readiness(final List<Check> checks)
    {
        this.checks = List.copyOf(checks);
    }

    /**
     * @return a builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * @return readiness that is always ready (nothing to check).
     */
    public static Readiness alwaysReady()
    {
        return builder().build();
    }

    /**
     * Runs every check.
     *
     * @return the verdict and one line per check.
     */
    public Verdict evaluate()
    {
        boolean ready = true;
        final StringBuilder text = new StringBuilder();
        for (final Check check : checks)
        {
            String line;
            boolean ok;
            try
            {
                line = check.evaluate();
                ok = line.startsWith("ok");
            }
            catch (final RuntimeException ex)
            {
                line = "failing: check raised " + ex.getClass().getSimpleName();
                ok = false;
            }
            ready &= ok;
            text.append(check.name()).append(": ").append(line).append('\n');
        }
        return new Verdict(ready, (ready ? "ready\n" : "not ready\n") + text);
    }

    /**
     * @param ready true when every check passed.
     * @param text  {@code ready} or {@code not ready}, then one line per check.
     */
    public record Verdict(boolean ready, String text)
    {
    }

    private interface Check
    {
        String name();

        String evaluate();
    }

    /**
     * Collects checks.
     */
    public static final class Builder
    {
        private final List<Check> checks = new ArrayList<>();

        private Builder()
        {
        }

        /**
         * @param name        what is checked, e.g. {@code engine}.
         * @param ok          true when healthy.
         * @param whenFailing the line shown when not, e.g. {@code not running}.
         * @return this.
         */
        public Builder check(final String name, final BooleanSupplier ok, final String whenFailing)
        {
            return check(name, ok, () -> whenFailing);
        }

        /**
         * @param name        the check's name in the report.
         * @param ok          true while it passes.
         * @param whenFailing the line shown when not, read when it fails.
         * @return this.
         */
        public Builder check(final String name, final BooleanSupplier ok, final java.util.function.Supplier<String> whenFailing)
        {
            checks.add(new Check()
            {
                @Override
                public String name()
                {
                    return name;
                }

                @Override
                public String evaluate()
                {
                    return ok.getAsBoolean() ? "ok" : "failing: " + whenFailing.get();
                }
            });
            return this;
        }

        /**
         * @param metric       the exported metric the lag is read from, named in the line.
         * @param lagRecords   how many journal records the audit log is behind, NaN while not reported.
         * @param limitRecords the most lag that is still ready.
         * @return this.
         */
        public Builder auditLag(final String metric, final DoubleSupplier lagRecords, final long limitRecords)
        {
            checks.add(new Check()
            {
                @Override
                public String name()
                {
                    return "audit_lag";
                }

                @Override
                public String evaluate()
                {
                    final double lag = lagRecords.getAsDouble();
                    if (Double.isNaN(lag))
                    {
                        return "ok (not reported: no audit log writes " + metric + " yet)";
                    }
                    final String text = String.format(Locale.ROOT, "%d records behind the journal (%s, limit %d)",
                        (long)lag, metric, limitRecords);
                    return lag <= limitRecords ? "ok " + text : "failing: " + text;
                }
            });
            return this;
        }

        /**
         * @return the readiness.
         */
        public Readiness build()
        {
            return new Readiness(checks);
        }
    }
}
