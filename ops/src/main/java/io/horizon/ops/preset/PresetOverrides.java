package io.horizon.ops.preset;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Command-line options that change a preset's keys ({@code --seed 7} sets {@code engine.seed}).
 * They are applied to the TOML tree before it is checked, so the preset's rules hold for them too,
 * and an error about such a key names the option that set it.
 * <p>
 * Build on one thread, then read-only.
 */
public final class PresetOverrides
{
    private final List<Entry> entries = new ArrayList<>();

    private record Entry(String key, JsonNode value, String option)
    {
    }

    /**
     * @return an empty set of overrides.
     */
    public static PresetOverrides none()
    {
        return new PresetOverrides();
    }

    /**
     * @param key    dotted key path ({@code engine.ring_size}).
     * @param value  a String, Integer, Long, Double, Boolean or a List of Strings.
     * @param option the option that set it ({@code --ring-size}), for messages.
     * @return this.
     */
    public PresetOverrides set(final String key, final Object value, final String option)
    {
        entries.add(new Entry(key, toNode(value), option));
        return this;
    }

    /**
     * @param key    dotted key path to remove.
     * @param option the option that removed it, for messages.
     * @return this.
     */
    public PresetOverrides remove(final String key, final String option)
    {
        entries.add(new Entry(key, null, option));
        return this;
    }

    /**
     * @return true when nothing is overridden.
     */
    public boolean isEmpty()
    {
        return entries.isEmpty();
    }

    void applyTo(final ObjectNode root, final PresetErrors errors)
    {
        for (final Entry e : entries)
        {
            final String[] parts = e.key.split("\\.");
            ObjectNode table = root;
            for (int i = 0; i < parts.length - 1 && table != null; i++)
            {
                final JsonNode child = table.get(parts[i]);
                if (child == null)
                {
                    table = table.putObject(parts[i]);
                }
                else
                {
                    // A key that is not a table is reported when the preset is checked.
                    table = child.isObject() ? (ObjectNode)child : null;
                }
            }
            if (table != null)
            {
                final String name = parts[parts.length - 1];
                if (e.value == null)
                {
                    table.remove(name);
                }
                else
                {
                    table.set(name, e.value);
                }
            }
            errors.origin(e.key, e.option);
        }
    }

    private static JsonNode toNode(final Object value)
    {
        final JsonNodeFactory f = JsonNodeFactory.instance;
        if (value instanceof String)
        {
            return f.textNode((String)value);
        }
        if (value instanceof Integer || value instanceof Long)
        {
            return f.numberNode(((Number)value).longValue());
        }
        if (value instanceof Double)
        {
            final double d = (Double)value;
            return Double.isFinite(d) ? f.numberNode(java.math.BigDecimal.valueOf(d)) : f.numberNode(d);
        }
        if (value instanceof Boolean)
        {
            return f.booleanNode((Boolean)value);
        }
        if (value instanceof List)
        {
            final ArrayNode array = f.arrayNode();
            for (final Object element : (List<?>)value)
            {
                array.add(String.valueOf(element));
            }
            return array;
        }
        throw new IllegalArgumentException("cannot override a preset key with " + value);
    }
}
