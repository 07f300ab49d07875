package io.horizon.ops.preset;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Collects what is wrong with a preset while it is read, so one run of
 * {@code horizon preset validate} shows every error, each as
 * {@code SOURCE: KEY = VALUE: what is wrong; what is allowed}. Values set from the command line
 * say which option set them.
 * <p>
 * A value that may be a secret is never echoed, only its length: the {@code secret} of an alert
 * sink and any key whose name says secret, token, password, key or credential, known or not. A
 * URL is shown up to its host (a webhook URL often carries its token in its path). Someone who pastes a token
 * where its name belongs must not find it in a terminal, a CI log or a ticket.
 * <p>
 * Threading: one reading thread.
 */
final class PresetErrors
{
    private static final java.util.regex.Pattern SECRET_KEY = java.util.regex.Pattern.compile(
        "(?i)(^|.*[._\\]\\[])(secret|.*token.*|.*passw.*|.*secret.*|.*api_?key.*|.*private_?key.*|.*routing_?key.*|.*credential.*|.*auth.*)$");

    private final String source;
    private final List<String> errors = new ArrayList<>();
    private final Map<String, String> origins = new HashMap<>();

    PresetErrors(final String source)
    {
        this.source = source;
    }

    /**
     * Remembers that a command-line option set a key, so errors about it name the option.
     */
    void origin(final String key, final String option)
    {
        origins.put(key, option);
    }

    /**
     * @param key     dotted key path, e.g. {@code engine.ring_size} or {@code instruments[1].symbol}.
     * @param value   the offending value, or {@code null} when the problem is its absence.
     * @param problem what is wrong and what is allowed.
     */
    void add(final String key, final JsonNode value, final String problem)
    {
        add(key, value == null ? null : render(value), problem);
    }

    /**
     * @param key     dotted key path.
     * @param value   the offending value as written in TOML, or {@code null}.
     * @param problem what is wrong and what is allowed.
     */
    void add(final String key, final String value, final String problem)
    {
        final StringBuilder sb = new StringBuilder(128).append(source).append(": ").append(key);
        if (value != null)
        {
            sb.append(" = ").append(mayBeSecret(key) ? "<hidden: " + value.length() + " characters>" :
                key.endsWith(".url") || key.equals("url") ? withoutPath(value) : value);
        }
        final String option = origins.get(key);
        if (option != null)
        {
            sb.append(" (set by ").append(option).append(')');
        }
        sb.append(": ").append(problem);
        errors.add(sb.toString());
    }

    /**
     * @param url a URL as written in TOML (quoted).
     * @return it up to its host; a path or query, where webhooks keep their tokens, is hidden.
     */
    static String withoutPath(final String url)
    {
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\"?[A-Za-z][A-Za-z0-9+.-]*://[^/?#\"]*)(.*?)(\"?)$")
            .matcher(url);
        if (!m.matches())
        {
            return "<hidden: " + url.length() + " characters, not a URL>";
        }
        return m.group(2).isEmpty() ? url : m.group(1) + "/<path hidden>" + m.group(3);
    }

    /**
     * @param key a dotted key path.
     * @return true when its value may be a secret and must not be shown.
     */
    static boolean mayBeSecret(final String key)
    {
        return SECRET_KEY.matcher(key).matches();
    }

    /**
     * A problem with the file as a whole (syntax), already located.
     */
    void addRaw(final String message)
    {
        errors.add(source + ":" + message);
    }

    boolean isEmpty()
    {
        return errors.isEmpty();
    }

    /**
     * @throws PresetException when anything was wrong.
     */
    void throwIfAny()
    {
        if (!errors.isEmpty())
        {
            throw new PresetException(errors);
        }
    }

    /**
     * Renders a value the way it would be written in TOML.
     */
    static String render(final JsonNode value)
    {
        if (value.isTextual())
        {
            return '"' + value.textValue().replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        if (value.isBigDecimal() || value.isDouble() || value.isFloat())
        {
            return value.decimalValue().toPlainString();
        }
        if (value.isObject())
        {
            return "{ a table }";
        }
        return value.toString();
    }
}
