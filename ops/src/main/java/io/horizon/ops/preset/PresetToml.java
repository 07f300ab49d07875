package io.horizon.ops.preset;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.reference.Account;
import io.horizon.engine.reference.Instrument;
import io.horizon.ops.metrics.MetricsSettings;

/**
 * Writes a preset back as TOML, every key spelled out, in a fixed order: the form
 * {@link PresetRecord} keeps in the state directory so a restart, a replay and a verify rebuild
 * exactly the engine that wrote the journal. {@link PresetReader} reads it back to an equal preset.
 * <p>
 * Stateless; any thread.
 */
public final class PresetToml
{
    private PresetToml()
    {
    }

    /**
     * @param preset the preset.
     * @param header comment lines to put first, without {@code #}.
     * @return TOML text.
     */
    public static String render(final Preset preset, final String... header)
    {
        final StringBuilder sb = new StringBuilder(2048);
        for (final String line : header)
        {
            sb.append("# ").append(line).append('\n');
        }
        if (header.length > 0)
        {
            sb.append('\n');
        }
        if (!preset.description().isEmpty())
        {
            sb.append("description = ").append(string(preset.description())).append('\n');
        }
        sb.append("mode = ").append(string(preset.mode().configName())).append('\n');

        final EngineConfig e = preset.engine();
        sb.append("\n[engine]\n");
        sb.append("threading = ").append(string(e.threading().configName())).append('\n');
        sb.append("ring_size = ").append(e.ringSize()).append('\n');
        sb.append("wait_strategy = ").append(string(e.waitStrategy().configName())).append('\n');
        sb.append("pin = [");
        String separator = "";
        for (final String role : new TreeSet<>(e.pinnedRoles()))
        {
            sb.append(separator).append(string(role));
            separator = ", ";
        }
        sb.append("]\n");
        sb.append("order_capacity = ").append(e.orderCapacity()).append('\n');
        sb.append("seed = ").append(e.seed()).append('\n');
        sb.append("heartbeat_ms = ").append(e.heartbeatIntervalMillis()).append('\n');
        sb.append("drain_timeout_ms = ").append(e.drainTimeoutMillis()).append('\n');

        sb.append("\n[journal]\n");
        sb.append("sync = ").append(string(preset.journal().sync().configName())).append('\n');
        if (preset.journal().sync() == io.horizon.journal.SyncPolicy.PERIODIC)
        {
            sb.append("sync_interval_ms = ").append(preset.journal().syncIntervalMillis()).append('\n');
        }

        for (final Instrument i : preset.referenceData().instruments())
        {
            sb.append("\n[[instruments]]\n");
            sb.append("symbol = ").append(string(i.symbol())).append('\n');
            sb.append("tick_size = ").append(FixedPoint.format(i.tickSize())).append('\n');
            sb.append("reference_price = ").append(FixedPoint.format(i.referencePrice())).append('\n');
        }
        for (final Account a : preset.referenceData().accounts())
        {
            sb.append("\n[[accounts]]\n");
            sb.append("name = ").append(string(a.name())).append('\n');
            sb.append("starting_cash = ").append(FixedPoint.format(a.startingCash())).append('\n');
        }
        for (final StrategySettings s : preset.strategies())
        {
            sb.append("\n[[strategies]]\n");
            sb.append("kind = ").append(string(s.kind())).append('\n');
            for (final Map.Entry<String, String> entry : s.keys().entrySet())
            {
                sb.append(entry.getKey()).append(" = ").append(entry.getValue()).append('\n');
            }
        }

        sb.append("\n[risk]\n");
        sb.append("profile = ").append(string(preset.risk().profile())).append('\n');
        if (!preset.risk().overrides().isEmpty())
        {
            sb.append("\n[risk.overrides]\n");
            for (final Map.Entry<String, Object> o : preset.risk().overrides().entrySet())
            {
                sb.append(bareKey(o.getKey())).append(" = ").append(value(o.getValue())).append('\n');
            }
        }

        for (final VenueSettings v : preset.venues())
        {
            sb.append("\n[[venues]]\n");
            sb.append("name = ").append(string(v.name())).append('\n');
            sb.append("kind = ").append(string(v.kind())).append('\n');
            if (!v.instruments().isEmpty())
            {
                sb.append("instruments = ").append(strings(v.instruments())).append('\n');
            }
            if (!v.accounts().isEmpty())
            {
                sb.append("accounts = ").append(strings(v.accounts())).append('\n');
            }
            final VenueSettings.Fix fix = v.fix();
            if (fix != null)
            {
                sb.append("host = ").append(string(fix.host())).append('\n');
                sb.append("port = ").append(fix.port()).append('\n');
                sb.append("sender_comp_id = ").append(string(fix.senderCompId())).append('\n');
                sb.append("target_comp_id = ").append(string(fix.targetCompId())).append('\n');
                sb.append("heartbeat_s = ").append(fix.heartbeatSeconds()).append('\n');
                sb.append("reconnect_min_ms = ").append(fix.reconnectMinMillis()).append('\n');
                sb.append("reconnect_max_ms = ").append(fix.reconnectMaxMillis()).append('\n');
                sb.append("reset_on_logon = ").append(fix.resetOnLogon()).append('\n');
                sb.append("when_down = ").append(string(fix.whenDown())).append('\n');
                sb.append("wait_limit_ms = ").append(fix.waitLimitMillis()).append('\n');
                sb.append("wait_max_orders = ").append(fix.waitMaxOrders()).append('\n');
                sb.append("mass_status = ").append(string(fix.massStatus())).append('\n');
                sb.append("framer = ").append(string(fix.framer())).append('\n');
                if (fix.usernameSecret() != null)
                {
                    sb.append("username_secret = ").append(string(fix.usernameSecret())).append('\n');
                }
                if (fix.passwordSecret() != null)
                {
                    sb.append("password_secret = ").append(string(fix.passwordSecret())).append('\n');
                }
            }
        }

        final FeedSettings f = preset.feed();
        sb.append("\n[feed]\n");
        sb.append("kind = ").append(string(f.kind())).append('\n');
        if (f.isCsv())
        {
            sb.append("path = ").append(string(f.path().toString())).append('\n');
            sb.append("pace = ").append(string(f.pace())).append('\n');
            sb.append("bad_rows = ").append(string(f.badRows())).append('\n');
        }
        else if (f.isFix())
        {
            sb.append("venue = ").append(string(f.venue())).append('\n');
        }
        else
        {
            sb.append("rate = ").append(value(BigDecimal.valueOf(f.rate()))).append('\n');
        }

        final MetricsSettings m = preset.metrics();
        sb.append("\n[metrics]\n");
        sb.append("enabled = ").append(m.enabled()).append('\n');
        sb.append("bind = ").append(string(m.bindAddress())).append('\n');
        sb.append("port = ").append(m.enabled() ? m.port() : MetricsSettings.DEFAULT_PORT).append('\n');

        sb.append("\n[alerting]\n");
        for (final AlertSinkSettings a : preset.alerting().sinks())
        {
            sb.append("\n[[alerting.sinks]]\n");
            sb.append("kind = ").append(string(a.kind())).append('\n');
            sb.append("min_severity = ").append(string(a.minSeverity())).append('\n');
            if (a.url() != null)
            {
                sb.append("url = ").append(string(a.url())).append('\n');
            }
            if (a.secret() != null)
            {
                sb.append("secret = ").append(string(a.secret())).append('\n');
            }
        }
        return sb.toString();
    }

    private static String strings(final java.util.List<String> values)
    {
        final StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++)
        {
            sb.append(i == 0 ? "" : ", ").append(string(values.get(i)));
        }
        return sb.append(']').toString();
    }

    /**
     * @param value a String, Long, BigDecimal or Boolean.
     * @return the value as TOML writes it.
     */
    static String value(final Object value)
    {
        if (value instanceof String)
        {
            return string((String)value);
        }
        if (value instanceof BigDecimal)
        {
            final String plain = ((BigDecimal)value).stripTrailingZeros().toPlainString();
            // A TOML float needs a decimal point; 2000.0 must not read back as the integer 2000.
            return plain.contains(".") ? plain : plain + ".0";
        }
        return String.valueOf(value);
    }

    private static String string(final String text)
    {
        // TOML basic strings take the escapes JSON uses for quotes, backslashes and control characters.
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
    }

    private static String bareKey(final String key)
    {
        return key.matches("[A-Za-z0-9_-]+") ? key : string(key);
    }
}
