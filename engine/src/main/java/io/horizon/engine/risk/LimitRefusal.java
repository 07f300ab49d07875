package io.horizon.engine.risk;

/**
 * Why a run-time limit change was refused, carried as the detail of a
 * {@code LIMIT_CHANGE_REFUSED} alert. Codes are stable.
 */
public enum LimitRefusal
{
    /** The control event's text names no limit. */
    UNKNOWN_KEY(1, "is not a risk limit"),
    /** The value is outside what the limit allows (negative, or too large). */
    OUT_OF_RANGE(2, "is out of range"),
    /** The value contradicts another limit (for example price_min above price_max). */
    CONTRADICTS(3, "contradicts another limit"),
    /** An account or instrument was named for a limit of another scope. */
    WRONG_SCOPE(4, "does not apply to that scope"),
    /** The account id is not in the reference data. */
    UNKNOWN_ACCOUNT(5, "names an unknown account"),
    /** The instrument id is not in the reference data. */
    UNKNOWN_INSTRUMENT(6, "names an unknown instrument");

    private static final LimitRefusal[] BY_CODE = new LimitRefusal[8];

    static
    {
        for (final LimitRefusal r : values())
        {
            BY_CODE[r.code] = r;
        }
    }

    private final int code;
    private final String text;

    LimitRefusal(final int code, final String text)
    {
        this.code = code;
        this.text = text;
    }

    /**
     * @return the stable code.
     */
    public int code()
    {
        return code;
    }

    /**
     * @return a phrase for people ({@code "is out of range"}).
     */
    public String text()
    {
        return text;
    }

    /**
     * @param code a code.
     * @return the refusal, or {@code null}.
     */
    public static LimitRefusal fromCode(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
