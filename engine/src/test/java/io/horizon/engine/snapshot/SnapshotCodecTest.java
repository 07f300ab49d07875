package io.horizon.engine.snapshot;

import static io.horizon.engine.support.TestMarkets.ALICE;
import static io.horizon.engine.support.TestMarkets.qty;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import io.horizon.engine.config.EngineConfig;
import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.order.ClientOrderIdGenerator;
import io.horizon.engine.pipeline.EnginePipeline;
import io.horizon.engine.pipeline.ThreadingMode;
import io.horizon.engine.reference.ReferenceData;
import io.horizon.engine.risk.RiskChain;
import io.horizon.engine.risk.RiskConfig;
import io.horizon.engine.risk.RiskProfile;
import io.horizon.engine.strategy.MarketMaker;
import io.horizon.engine.support.TestMarkets;
import io.horizon.engine.venue.paper.PaperVenue;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A snapshot is checked whole before any of it is applied: every kind of damage or mismatch is
 * refused with a message saying what is wrong, and a sound one restores.
 */
final class SnapshotCodecTest
{
    private static final ReferenceData REF = TestMarkets.referenceData();
    private static byte[] image;

    @BeforeAll
    static void takeOne()
    {
        final List<byte[]> images = new ArrayList<>();
        final EnginePipeline pipeline = engine(REF, new SnapshotTaker(new SnapshotPolicy(500, 0),
            (facts, bytes, pause, ticket) -> images.add(bytes), ReferenceFingerprint.of(REF), 0, REF.instrumentCount(),
            REF.accountCount(), 256)).venue(new PaperVenue(REF, 256)).build().start();
        try
        {
            SnapshotReplayTest.randomRun(pipeline);
            assertTrue(pipeline.awaitIdle(30_000));
        }
        finally
        {
            pipeline.drainAndStop();
        }
        // The run's batches follow the test thread's timing, so which snapshot has orders resting
        // varies: take the first from the middle on whose book holds several.
        for (int i = images.size() / 2; i < images.size() + images.size() / 2 && image == null; i++)
        {
            final byte[] candidate = images.get(i % images.size());
            final PaperVenue venue = new PaperVenue(REF, 256);
            engine(REF, null).venue(venue).sideEffects(false).build().restore(new UnsafeBuffer(candidate), candidate.length);
            if (venue.restingOrderCount() > 1)
            {
                image = candidate;
            }
        }
        assertTrue(image != null, "one of the run's " + images.size() + " snapshots has several orders resting");
    }

    private static EnginePipeline.Builder engine(final ReferenceData ref, final SnapshotTaker taker)
    {
        return EnginePipeline.builder()
            .config(EngineConfig.builder().threading(ThreadingMode.SHARED).ringSize(1024).orderCapacity(256)
                .heartbeatIntervalMillis(0).seed(5).build())
            .referenceData(ref)
            .strategy(new MarketMaker(ALICE, 1, qty(5), qty(40), 1))
            .risk(new RiskChain(RiskConfig.of(RiskProfile.MODERATE)))
            .snapshots(taker);
    }

    private static String refusal(final byte[] bytes)
    {
        final EnginePipeline pipeline = engine(REF, null).sideEffects(false).build();
        return assertThrows(SnapshotFormatException.class, () -> pipeline.restore(new UnsafeBuffer(bytes), bytes.length)).getMessage();
    }

    @Test
    void shouldRestoreASoundSnapshotAtItsJournalIndex()
    {
        final EnginePipeline pipeline = engine(REF, null).sideEffects(false).build();
        final SnapshotFacts facts = pipeline.restore(new UnsafeBuffer(image), image.length);
        assertTrue(facts.journalIndex() > 0);
        assertEquals(facts.journalIndex() - 1, pipeline.ring().getCursor());
        assertEquals(facts.liveOrders(), pipeline.blp().ledger().size());
    }

    @Test
    void shouldRestoreThePaperBookWithTheEngineAndRefuseABookTheVenueCannotHold()
    {
        final SnapshotCodec codec = new SnapshotCodec();
        codec.read(new UnsafeBuffer(image), image.length, new StateReader());
        assertTrue(codec.hasVenueState(), "a live paper venue's snapshot carries its book");

        final PaperVenue venue = new PaperVenue(REF, 256);
        final EnginePipeline pipeline = engine(REF, null).venue(venue).sideEffects(false).build();
        pipeline.restore(new UnsafeBuffer(image), image.length);
        final int resting = venue.restingOrderCount();
        assertTrue(resting > 1, "the book in the snapshot has orders resting: " + resting);

        final EnginePipeline small = engine(REF, null).venue(new PaperVenue(REF, 1)).sideEffects(false).build();
        final String message = assertThrows(SnapshotFormatException.class,
            () -> small.restore(new UnsafeBuffer(image), image.length)).getMessage();
        assertTrue(message.contains("more than its capacity 1"), message);
        assertEquals(-1, small.ring().getCursor(), "refused before the engine was positioned");
    }

    @Test
    void shouldRefuseASnapshotWithAFlippedByte()
    {
        final byte[] bad = image.clone();
        bad[bad.length - 10] ^= 0x40;
        assertTrue(refusal(bad).contains("bad checksum"), refusal(bad));
    }

    @Test
    void shouldRefuseASnapshotCutShort()
    {
        final byte[] cut = Arrays.copyOf(image, image.length - 100);
        assertTrue(refusal(cut).contains("cut short"), refusal(cut));
    }

    @Test
    void shouldRefuseAFileThatIsNotASnapshot()
    {
        final byte[] foreign = "[risk]\nprofile = \"moderate\"\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(refusal(foreign).contains("not a Horizon snapshot"), refusal(foreign));
    }

    @Test
    void shouldRefuseASnapshotOfANewerFormat()
    {
        final byte[] newer = image.clone();
        // formatVersion is the first field after the 8-byte SBE message header.
        new UnsafeBuffer(newer).putInt(8, SnapshotCodec.FORMAT_VERSION + 1, java.nio.ByteOrder.LITTLE_ENDIAN);
        assertTrue(refusal(newer).contains("newer than this release's"), refusal(newer));
    }

    @Test
    void shouldRefuseASnapshotTakenWithOtherInstruments()
    {
        final ReferenceData other = ReferenceData.builder()
            .instrument("AAPL", FixedPoint.fromDouble(0.01), FixedPoint.ofUnits(190))
            .instrument("TSLA", FixedPoint.fromDouble(0.01), FixedPoint.ofUnits(250))
            .account("alice", FixedPoint.ofUnits(1_000_000))
            .account("bob", FixedPoint.ofUnits(1_000_000))
            .build();
        final EnginePipeline pipeline = engine(other, null).sideEffects(false).build();
        final String message = assertThrows(SnapshotFormatException.class,
            () -> pipeline.restore(new UnsafeBuffer(image), image.length)).getMessage();
        assertTrue(message.contains("other instruments or accounts"), message);
    }

    @Test
    void shouldDrawTheSameClientOrderIdsAsBeforeSnapshotsExisted()
    {
        // The generator's own SplitMix64 must match java.util.SplittableRandom, which older
        // releases used: journals they wrote must replay to the same client order ids.
        final ClientOrderIdGenerator ids = new ClientOrderIdGenerator(11);
        final SplittableRandom reference = new SplittableRandom(11);
        for (long ms = 1_000; ms < 1_100; ms++)
        {
            ids.next(ms);
            assertEquals((ms << 16) | (reference.nextLong() >>> 48), ids.hi());
            assertEquals(reference.nextLong(), ids.lo());
        }
    }
}
