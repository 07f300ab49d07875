package io.horizon.fix;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.horizon.engine.pipeline.WaitStrategyKind;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's wait strategy ({@code engine.wait_strategy}) reaches the Artio engine's thread,
 * the one that reads and writes the socket; the media driver and the archive, off the message
 * path, back off up to 1 ms whatever it says. A wait strategy that is not known is refused where
 * the preset is read ({@code PresetReaderTest}, {@code RunCommandTest}).
 */
final class FixIdleStrategiesTest
{
    @TempDir
    Path directory;

    @Test
    void shouldParkTheFramerAtMostAHundredMicrosecondsWithTheDefaultBackoff()
    {
        final IdleStrategy framer = ArtioMediaStack.engineConfiguration(directory, WaitStrategyKind.BACKOFF).framerIdleStrategy();
        assertInstanceOf(BackoffIdleStrategy.class, framer);
        assertTrue(framer.toString().contains("maxParkPeriodNs=100000"), framer.toString());
    }

    @Test
    void shouldSpinTheFramerOnATunedHost()
    {
        assertInstanceOf(BusySpinIdleStrategy.class,
            ArtioMediaStack.engineConfiguration(directory, WaitStrategyKind.BUSY_SPIN).framerIdleStrategy());
        assertInstanceOf(YieldingIdleStrategy.class,
            ArtioMediaStack.engineConfiguration(directory, WaitStrategyKind.YIELDING).framerIdleStrategy());
        assertInstanceOf(SleepingIdleStrategy.class,
            ArtioMediaStack.engineConfiguration(directory, WaitStrategyKind.SLEEPING).framerIdleStrategy());
    }

    @Test
    void shouldBackTheFramerOffToAMillisecondWhenBlocking()
    {
        final IdleStrategy framer = ArtioMediaStack.engineConfiguration(directory, WaitStrategyKind.BLOCKING).framerIdleStrategy();
        assertInstanceOf(BackoffIdleStrategy.class, framer);
        assertTrue(framer.toString().contains("maxParkPeriodNs=1000000"), framer.toString());
    }

    @Test
    void shouldKeepTheDriverAndTheArchiveOnAMillisecondBackoffWhateverTheWaitStrategy()
    {
        final IdleStrategy driver = ArtioMediaStack.driverContext(directory, ArtioMediaStack.TERM_LENGTH).sharedIdleStrategy();
        final IdleStrategy archive = ArtioMediaStack.archiveContext(directory).idleStrategy();
        for (final IdleStrategy offPath : new IdleStrategy[] {driver, archive})
        {
            assertInstanceOf(BackoffIdleStrategy.class, offPath);
            assertTrue(offPath.toString().contains("maxParkPeriodNs=1000000"), offPath.toString());
        }
    }

    @Test
    void shouldGiveEveryWaitStrategyAFramerStrategyOfItsOwn()
    {
        for (final WaitStrategyKind kind : WaitStrategyKind.values())
        {
            final IdleStrategy first = FixIdleStrategies.framer(kind);
            assertTrue(first != FixIdleStrategies.framer(kind), kind + ": strategies keep state per thread");
        }
    }

    @Test
    void shouldRunUnderTheProjectFlagsThatLetTheJitCompileTheExecutionReportDecoder()
    {
        // ExecutionReportDecoder.decode is over HotSpot's 8,000-byte limit: without the flag it is never compiled.
        assertEquals("false", ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
            .getVMOption("DontCompileHugeMethods").getValue());
        assertTrue(ArtioMediaStack.hugeMethodsCompiled());
    }
}
