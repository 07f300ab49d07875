package io.horizon.ops.counters;

import io.horizon.engine.counter.EngineCounters;
import org.agrona.concurrent.status.CountersReader;

/**
 * The layout of the counters file ({@code STATE/counters.dat}), in one place: the daemon writes
 * it ({@link CountersFile}), {@code horizon stat} and the verbs that look for the daemon read it
 * ({@link CountersSnapshot}, {@code DaemonProcess}). All values are little-endian.
 * <pre>
 * offset  bytes  field
 *      0      8  magic "HZNCNTR1"
 *      8      4  layout version ({@link #LAYOUT_VERSION})
 *     12      4  daemon phase ({@link DaemonPhase#code()}), written with release ordering
 *     16      8  process id of the daemon
 *     24      8  start time, epoch millis
 *     32      4  engine counters: metadata length
 *     36      4  engine counters: values length
 *     40      4  published counters (interval latency percentiles): metadata length
 *     44      4  published counters: values length
 *     48      4  facts length
 *     52      4  recent alerts length
 *     56      8  stop time, epoch millis (0 while running)
 *     64         engine counters (Agrona metadata, then values), published counters (likewise),
 *                facts, recent alerts: each region follows the previous one
 * </pre>
 * The engine counters are the ones the metrics exporter publishes; the published counters are
 * computed by the daemon's sampler for {@code horizon stat} alone (never by engine threads) and
 * are not exported again.
 * <p>
 * Stateless constants.
 */
public final class CountersLayout
{
    /** File name inside the state directory. */
    public static final String FILE_NAME = "counters.dat";
    /** Identifies the file. */
    public static final long MAGIC = 0x31_52_54_4E_43_4E_5A_48L; // "HZNCNTR1" little-endian
    /** Layout version: 2 added the phase, the published counters, the facts and the alerts. */
    public static final int LAYOUT_VERSION = 2;
    /** Header bytes before the first region. */
    public static final int HEADER_LENGTH = 64;

    /** Offset of {@link #MAGIC}. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the layout version. */
    public static final int VERSION_OFFSET = 8;
    /** Offset of the daemon phase code. */
    public static final int PHASE_OFFSET = 12;
    /** Offset of the daemon's process id. */
    public static final int PID_OFFSET = 16;
    /** Offset of the start time. */
    public static final int START_MILLIS_OFFSET = 24;
    /** Offset of the engine counters' metadata length. */
    public static final int METADATA_LENGTH_OFFSET = 32;
    /** Offset of the engine counters' values length. */
    public static final int VALUES_LENGTH_OFFSET = 36;
    /** Offset of the published counters' metadata length. */
    public static final int PUBLISHED_METADATA_LENGTH_OFFSET = 40;
    /** Offset of the published counters' values length. */
    public static final int PUBLISHED_VALUES_LENGTH_OFFSET = 44;
    /** Offset of the facts region's length. */
    public static final int FACTS_LENGTH_OFFSET = 48;
    /** Offset of the recent alerts region's length. */
    public static final int ALERTS_LENGTH_OFFSET = 52;
    /** Offset of the stop time. */
    public static final int STOP_MILLIS_OFFSET = 56;

    /** Most published counters: five per latency series leaves room for a dozen series. */
    public static final int MAX_PUBLISHED_COUNTERS = 64;
    /** Bytes of published counter metadata. */
    public static final int PUBLISHED_METADATA_LENGTH = MAX_PUBLISHED_COUNTERS * CountersReader.METADATA_LENGTH;
    /** Bytes of published counter values. */
    public static final int PUBLISHED_VALUES_LENGTH = MAX_PUBLISHED_COUNTERS * CountersReader.COUNTER_LENGTH;
    /** Bytes of the facts region ({@link HeaderFacts}). */
    public static final int FACTS_LENGTH = 1024;
    /** Bytes of the recent alerts region ({@link RecentAlerts}). */
    public static final int ALERTS_LENGTH = RecentAlerts.REGION_LENGTH;

    private CountersLayout()
    {
    }

    /**
     * @return bytes of a file written by this release.
     */
    public static int fileLength()
    {
        return HEADER_LENGTH + EngineCounters.METADATA_BUFFER_LENGTH + EngineCounters.VALUES_BUFFER_LENGTH +
            PUBLISHED_METADATA_LENGTH + PUBLISHED_VALUES_LENGTH + FACTS_LENGTH + ALERTS_LENGTH;
    }
}
