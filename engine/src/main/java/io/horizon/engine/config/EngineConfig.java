package io.horizon.engine.config;

import java.util.Set;

import io.horizon.engine.pipeline.ThreadingMode;
import io.horizon.engine.pipeline.WaitStrategyKind;

/**
 * How the engine is shaped: threading mode, ring size, wait strategy, pinning, capacities, seed,
 * heartbeat.
 * Immutable; built with {@link #builder()}, which refuses bad values with a message that names
 * the key, the value and what is allowed.
 * <p>
 * The defaults suit a 2-core host: threading {@code auto} (one shared engine thread on 4 or fewer
 * CPUs), a back-off wait strategy (an idle engine costs almost no CPU) and no pinning. A tuned host
 * selects {@code dedicated} threading, {@code busy-spin} and pins the roles {@code blp},
 * {@code journal} and {@code gateway} to isolated cores. In the shared mode the wait strategy picks
 * the engine thread's idle strategy and any pinned role pins the one engine thread.
 */
public final class EngineConfig
{
    /** Thread roles the pipeline creates, in start order. */
    public static final Set<String> ROLES = Set.of("journal", "blp", "gateway");

    private final ThreadingMode threading;
    private final int ringSize;
    private final WaitStrategyKind waitStrategy;
    private final Set<String> pinnedRoles;
    private final int orderCapacity;
    private final long seed;
    private final long heartbeatIntervalMillis;
    private final long drainTimeoutMillis;

    private EngineConfig(final Builder b)
    {
        threading = b.threading;
        ringSize = b.ringSize;
        waitStrategy = b.waitStrategy;
        pinnedRoles = Set.copyOf(b.pinnedRoles);
        orderCapacity = b.orderCapacity;
        seed = b.seed;
        heartbeatIntervalMillis = b.heartbeatIntervalMillis;
        drainTimeoutMillis = b.drainTimeoutMillis;
    }

    /**
     * @return a builder holding the defaults.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * @return the defaults.
     */
    public static EngineConfig defaults()
    {
        return builder().build();
    }

    /** @return how many threads carry the pipeline, as configured. Default auto. */
    public ThreadingMode threading()
    {
        return threading;
    }

    /** @return inbound ring slots, a power of two. Default 65536. */
    public int ringSize()
    {
        return ringSize;
    }

    /** @return how stage threads wait. Default backoff. */
    public WaitStrategyKind waitStrategy()
    {
        return waitStrategy;
    }

    /** @return roles to pin to reserved CPUs. Default none. */
    public Set<String> pinnedRoles()
    {
        return pinnedRoles;
    }

    /** @return most live orders at once. Default 16384. */
    public int orderCapacity()
    {
        return orderCapacity;
    }

    /** @return outbox slots: a power of two of at least 4 x order capacity. */
    public int outboxCapacity()
    {
        return Integer.highestOneBit(Math.max(1024, orderCapacity * 4 - 1)) << 1;
    }

    /** @return seed for every deterministic random choice in the BLP. Default 42. */
    public long seed()
    {
        return seed;
    }

    /** @return heartbeat interval; 0 means no timer (tests that drive time themselves). Default 100. */
    public long heartbeatIntervalMillis()
    {
        return heartbeatIntervalMillis;
    }

    /** @return how long a stop waits for the rings to drain. Default 5000. */
    public long drainTimeoutMillis()
    {
        return drainTimeoutMillis;
    }

    @Override
    public String toString()
    {
        return "threading=" + threading.configName() +
            " ring_size=" + ringSize +
            " wait_strategy=" + waitStrategy.configName() +
            " pin=" + (pinnedRoles.isEmpty() ? "none" : String.join(",", new java.util.TreeSet<>(pinnedRoles))) +
            " order_capacity=" + orderCapacity +
            " seed=" + seed +
            " heartbeat_ms=" + heartbeatIntervalMillis;
    }

    /**
     * Collects and validates engine settings.
     */
    public static final class Builder
    {
        private ThreadingMode threading = ThreadingMode.AUTO;
        private int ringSize = 65536;
        private WaitStrategyKind waitStrategy = WaitStrategyKind.BACKOFF;
        private Set<String> pinnedRoles = Set.of();
        private int orderCapacity = 16384;
        private long seed = 42;
        private long heartbeatIntervalMillis = 100;
        private long drainTimeoutMillis = 5000;

        private Builder()
        {
        }

        /**
         * @param threading auto, shared or dedicated.
         * @return this.
         */
        public Builder threading(final ThreadingMode threading)
        {
            this.threading = threading;
            return this;
        }

        /**
         * @param ringSize a power of two from 8 to 2^24.
         * @return this.
         */
        public Builder ringSize(final int ringSize)
        {
            if (ringSize < 8 || ringSize > (1 << 24) || Integer.bitCount(ringSize) != 1)
            {
                throw new IllegalArgumentException(
                    "engine.ring_size = " + ringSize + " is not allowed; use a power of two from 8 to 16777216, e.g. 65536");
            }
            this.ringSize = ringSize;
            return this;
        }

        /**
         * @return this.
         */
        public Builder waitStrategy(final WaitStrategyKind waitStrategy)
        {
            this.waitStrategy = waitStrategy;
            return this;
        }

        /**
         * @param roles subset of {@link #ROLES}.
         * @return this.
         */
        public Builder pinnedRoles(final Set<String> roles)
        {
            for (final String role : roles)
            {
                if (!ROLES.contains(role))
                {
                    throw new IllegalArgumentException(
                        "engine.pin contains '" + role + "', which is not a thread role; use any of: journal, blp, gateway");
                }
            }
            this.pinnedRoles = Set.copyOf(roles);
            return this;
        }

        /**
         * @param capacity from 1 to 1048576.
         * @return this.
         */
        public Builder orderCapacity(final int capacity)
        {
            if (capacity < 1 || capacity > (1 << 20))
            {
                throw new IllegalArgumentException(
                    "engine.order_capacity = " + capacity + " is not allowed; use 1 to 1048576, e.g. 16384");
            }
            this.orderCapacity = capacity;
            return this;
        }

        /**
         * @return this.
         */
        public Builder seed(final long seed)
        {
            this.seed = seed;
            return this;
        }

        /**
         * @param millis 0 (no timer) to 60000.
         * @return this.
         */
        public Builder heartbeatIntervalMillis(final long millis)
        {
            if (millis < 0 || millis > 60_000)
            {
                throw new IllegalArgumentException(
                    "engine.heartbeat_ms = " + millis + " is not allowed; use 0 (off) to 60000, e.g. 100");
            }
            this.heartbeatIntervalMillis = millis;
            return this;
        }

        /**
         * @param millis 1 to 600000.
         * @return this.
         */
        public Builder drainTimeoutMillis(final long millis)
        {
            if (millis < 1 || millis > 600_000)
            {
                throw new IllegalArgumentException(
                    "engine.drain_timeout_ms = " + millis + " is not allowed; use 1 to 600000, e.g. 5000");
            }
            this.drainTimeoutMillis = millis;
            return this;
        }

        /**
         * @return the configuration.
         */
        public EngineConfig build()
        {
            return new EngineConfig(this);
        }
    }
}
