package io.horizon.ops.preset;

import java.util.List;
import java.util.Map;

/**
 * The preset's {@code [risk]} table: a named risk profile and overrides of single limits.
 * <p>
 * The reader checks the profile name and that each override is a single value; the names and
 * ranges of the limits belong to the risk engine, which checks the overrides when it is built
 * from them. Both are part of what the engine decides with, so a restart may not change them
 * while the journal exists.
 *
 * @param profile   {@code conservative}, {@code moderate} or {@code aggressive}.
 * @param overrides limit name to value (String, Long, BigDecimal or Boolean), in file order.
 */
public record RiskSettings(String profile, Map<String, Object> overrides)
{
    /** The profiles a preset may name. */
    public static final List<String> PROFILES = List.of("conservative", "moderate", "aggressive");
    /** The profile when a preset names none. */
    public static final String DEFAULT_PROFILE = "moderate";

    /**
     * @param profile   a profile from {@link #PROFILES}.
     * @param overrides single values.
     */
    public RiskSettings
    {
        overrides = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(overrides));
    }
}
