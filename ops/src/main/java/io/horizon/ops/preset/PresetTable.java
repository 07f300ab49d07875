package io.horizon.ops.preset;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.horizon.engine.event.FixedPoint;

/**
 * One TOML table of a preset being read. Every accessor names a key the table knows; a value of
 * the wrong type or outside what is allowed is recorded in {@link PresetErrors} and the default is
 * returned, so reading goes on and every error is found in one pass. {@link #finish()} reports the
 * keys nobody asked for: an unknown key is an error, never silently ignored.
 * <p>
 * Threading: one reading thread.
 */
final class PresetTable
{
    private final ObjectNode node;
    private final String path;
    private final PresetErrors errors;
    private final Set<String> known = new LinkedHashSet<>();

    PresetTable(final ObjectNode node, final String path, final PresetErrors errors)
    {
        this.node = node;
        this.path = path;
        this.errors = errors;
    }

    String key(final String name)
    {
        return path.isEmpty() ? name : path + "." + name;
    }

    String path()
    {
        return path;
    }

    PresetErrors errors()
    {
        return errors;
    }

    boolean has(final String name)
    {
        known.add(name);
        return node.has(name);
    }

    JsonNode raw(final String name)
    {
        known.add(name);
        return node.get(name);
    }

    String string(final String name, final String defaultValue)
    {
        final JsonNode value = raw(name);
        if (value == null)
        {
            return defaultValue;
        }
        if (!value.isTextual())
        {
            errors.add(key(name), value, "must be a string in double quotes");
            return defaultValue;
        }
        return value.textValue();
    }

    String requiredString(final String name, final String example)
    {
        final JsonNode value = raw(name);
        if (value == null)
        {
            errors.add(key(name), (String)null, "is missing; add e.g. " + name + " = " + example);
            return null;
        }
        final String text = string(name, null);
        if (text != null && text.isBlank())
        {
            errors.add(key(name), value, "must not be empty; e.g. " + name + " = " + example);
            return null;
        }
        return text;
    }

    /**
     * A string from a fixed set of words.
     */
    String choice(final String name, final String defaultValue, final List<String> allowed)
    {
        final JsonNode value = raw(name);
        final String text = string(name, defaultValue);
        if (text == null || allowed.contains(text))
        {
            return text;
        }
        errors.add(key(name), value, "is not allowed; use one of: " + String.join(", ", quoted(allowed)));
        return defaultValue;
    }

    long integer(final String name, final long defaultValue, final long min, final long max, final String example)
    {
        final JsonNode value = raw(name);
        if (value == null)
        {
            return defaultValue;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong())
        {
            errors.add(key(name), value, "must be a whole number from " + min + " to " + max + ", e.g. " + example);
            return defaultValue;
        }
        final long v = value.longValue();
        if (v < min || v > max)
        {
            errors.add(key(name), value, "is out of range; use " + min + " to " + max + ", e.g. " + example);
            return defaultValue;
        }
        return v;
    }

    /**
     * A decimal number held as fixed point, exactly: at most six decimal places.
     */
    long fixedPoint(final String name, final long defaultValue, final boolean positive, final String example)
    {
        final JsonNode value = raw(name);
        if (value == null)
        {
            return defaultValue;
        }
        if (!value.isNumber())
        {
            errors.add(key(name), value, "must be a number (no quotes), e.g. " + example);
            return defaultValue;
        }
        final BigDecimal decimal = value.decimalValue();
        final long fixed;
        try
        {
            fixed = FixedPoint.parse(decimal.stripTrailingZeros().toPlainString());
        }
        catch (final IllegalArgumentException ex)
        {
            errors.add(key(name), value, "cannot be held exactly; use at most " + FixedPoint.DECIMALS +
                " decimal places and at most about 9.2e12, e.g. " + example);
            return defaultValue;
        }
        if (positive ? fixed <= 0 : fixed < 0)
        {
            errors.add(key(name), value, "must be " + (positive ? "> 0" : ">= 0") + ", e.g. " + example);
            return defaultValue;
        }
        return fixed;
    }

    double positiveNumber(final String name, final double defaultValue, final String example)
    {
        final JsonNode value = raw(name);
        if (value == null)
        {
            return defaultValue;
        }
        if (!value.isNumber() || !(value.doubleValue() > 0) || Double.isInfinite(value.doubleValue()))
        {
            errors.add(key(name), value, "must be a number > 0, e.g. " + example);
            return defaultValue;
        }
        return value.doubleValue();
    }

    boolean bool(final String name, final boolean defaultValue)
    {
        final JsonNode value = raw(name);
        if (value == null)
        {
            return defaultValue;
        }
        if (!value.isBoolean())
        {
            errors.add(key(name), value, "must be true or false (no quotes)");
            return defaultValue;
        }
        return value.booleanValue();
    }

    List<String> strings(final String name)
    {
        final JsonNode value = raw(name);
        final List<String> result = new ArrayList<>();
        if (value == null)
        {
            return result;
        }
        if (!value.isArray())
        {
            errors.add(key(name), value, "must be a list of strings, e.g. [\"blp\", \"journal\"]");
            return result;
        }
        for (int i = 0; i < value.size(); i++)
        {
            final JsonNode element = value.get(i);
            if (!element.isTextual())
            {
                errors.add(key(name) + "[" + i + "]", element, "must be a string in double quotes");
            }
            else
            {
                result.add(element.textValue());
            }
        }
        return result;
    }

    /**
     * A sub-table; an empty one when absent.
     */
    PresetTable table(final String name)
    {
        final JsonNode value = raw(name);
        if (value == null)
        {
            return new PresetTable(JsonNodeFactory.instance.objectNode(), key(name), errors);
        }
        if (!value.isObject())
        {
            errors.add(key(name), value, "must be a table: [" + key(name) + "]");
            return new PresetTable(JsonNodeFactory.instance.objectNode(), key(name), errors);
        }
        return new PresetTable((ObjectNode)value, key(name), errors);
    }

    /**
     * An array of tables ({@code [[name]]}); empty when absent.
     */
    List<PresetTable> tables(final String name)
    {
        final JsonNode value = raw(name);
        final List<PresetTable> result = new ArrayList<>();
        if (value == null)
        {
            return result;
        }
        if (!value.isArray())
        {
            errors.add(key(name), value, "must be an array of tables, written [[" + key(name) + "]]");
            return result;
        }
        for (int i = 0; i < value.size(); i++)
        {
            final JsonNode element = value.get(i);
            final String elementKey = key(name) + "[" + i + "]";
            if (!element.isObject())
            {
                errors.add(elementKey, element, "must be a table, written [[" + key(name) + "]]");
            }
            else
            {
                result.add(new PresetTable((ObjectNode)element, elementKey, errors));
            }
        }
        return result;
    }

    /**
     * Single values (string, whole number, decimal, boolean) under free keys, in file order.
     */
    Map<String, Object> scalars(final String name)
    {
        final PresetTable table = table(name);
        final Map<String, Object> result = new LinkedHashMap<>();
        for (final Map.Entry<String, JsonNode> field : table.node.properties())
        {
            table.known.add(field.getKey());
            final JsonNode value = field.getValue();
            if (value.isTextual())
            {
                result.put(field.getKey(), value.textValue());
            }
            else if (value.isIntegralNumber() && value.canConvertToLong())
            {
                result.put(field.getKey(), value.longValue());
            }
            else if (value.isNumber() && !value.isIntegralNumber())
            {
                result.put(field.getKey(), value.decimalValue());
            }
            else if (value.isBoolean())
            {
                result.put(field.getKey(), value.booleanValue());
            }
            else
            {
                errors.add(table.key(field.getKey()), value, "must be a single string, number or boolean");
            }
        }
        return result;
    }

    /**
     * Reports every key of this table that no accessor asked for.
     */
    void finish()
    {
        final Iterator<String> names = node.fieldNames();
        while (names.hasNext())
        {
            final String name = names.next();
            if (!known.contains(name))
            {
                final String hint = closest(name);
                errors.add(key(name), node.get(name), "unknown key" +
                    (hint == null ? "" : "; did you mean " + hint + "?") +
                    "; keys allowed " + (path.isEmpty() ? "at the top level" : "in [" + path + "]") + ": " +
                    String.join(", ", known));
            }
        }
    }

    private String closest(final String name)
    {
        String best = null;
        int bestDistance = 3;
        for (final String candidate : known)
        {
            final int d = distance(name.toLowerCase(Locale.ROOT), candidate);
            if (d < bestDistance)
            {
                bestDistance = d;
                best = candidate;
            }
        }
        return best;
    }

    private static int distance(final String a, final String b)
    {
        final int[] previous = new int[b.length() + 1];
        final int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++)
        {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++)
            {
                final int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            System.arraycopy(current, 0, previous, 0, current.length);
        }
        return previous[b.length()];
    }

    private static List<String> quoted(final List<String> words)
    {
        final List<String> result = new ArrayList<>(words.size());
        for (final String w : words)
        {
            result.add('"' + w + '"');
        }
        return result;
    }
}
