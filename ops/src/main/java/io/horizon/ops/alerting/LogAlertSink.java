package io.horizon.ops.alerting;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes alerts to the log ({@code ALERT [critical] title: message {extra}}): warnings and info
 * at WARN and INFO, errors and critical at ERROR. The sink every deployment has.
 * <p>
 * Immutable; any thread; never throws.
 */
public final class LogAlertSink implements AlertSink
{
    private static final Logger LOG = LoggerFactory.getLogger("io.horizon.alerts");

    private final Severity minimum;

    /**
     * @param minimum lowest severity logged.
     */
    public LogAlertSink(final Severity minimum)
    {
        this.minimum = minimum;
    }

    @Override
    public void send(final Severity severity, final String title, final String message, final Map<String, String> extra)
    {
        try
        {
            if (severity == null || !severity.atLeast(minimum))
            {
                return;
            }
            final Map<String, String> details = extra == null ? Map.of() : extra;
            switch (severity)
            {
                case INFO:
                    LOG.info("ALERT [{}] {}: {} {}", severity.wireName(), title, message, details);
                    break;
                case WARNING:
                    LOG.warn("ALERT [{}] {}: {} {}", severity.wireName(), title, message, details);
                    break;
                default:
                    LOG.error("ALERT [{}] {}: {} {}", severity.wireName(), title, message, details);
                    break;
            }
        }
        catch (final RuntimeException ignore)
        {
            // An alert that cannot even be logged has nowhere left to go.
        }
    }
}
