package io.horizon.fix;

import java.util.Locale;

/**
 * How a FIX venue reconciles its live orders after each logon ({@code mass_status} of a
 * {@code [[venues]]} entry of kind {@code "fix"}).
 */
public enum MassStatus
{
    /**
     * One OrderMassStatusRequest (35=AF) for all orders, then an OrderStatusRequest (35=H) for each
     * order live here that the venue did not list; when the venue rejects AF or does not finish
     * answering in time, an OrderStatusRequest per live order from then on (the default).
     */
    AUTO,
    /**
     * Never an OrderMassStatusRequest: an OrderStatusRequest per live order at every logon, for
     * venues that do not support AF. Live orders the venue has and Horizon does not track are then
     * not found.
     */
    OFF;

    /**
     * @return the preset's spelling: {@code auto} or {@code off}.
     */
    public String configName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param name {@code auto} or {@code off}.
     * @return the mode.
     * @throws IllegalArgumentException naming the value and the choices.
     */
    public static MassStatus parse(final String name)
    {
        for (final MassStatus mode : values())
        {
            if (mode.configName().equals(name))
            {
                return mode;
            }
        }
        throw new IllegalArgumentException("mass_status \"" + name + "\" is not one of \"auto\", \"off\"");
    }
}
