package io.horizon.journal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;

import io.horizon.engine.event.ControlAction;
import io.horizon.engine.event.EventType;
import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.journal.JournalCodec;
import io.horizon.engine.output.EngineOutput;
import io.horizon.engine.output.OutputKind;
import io.horizon.journal.support.V1FixtureJournal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A journal written by the release before journal layout 2 (the committed v1 fixture) is read
 * record for record, continued in layout 2 with the manifest raised, and a journal that says it
 * is newer than this release is refused with the file and both versions named.
 */
final class V1JournalCompatibilityTest
{
    @TempDir
    Path dir;

    private Path state;

    @BeforeEach
    void unpack() throws IOException
    {
        state = V1FixtureJournal.unpackInto(dir.resolve("state"));
    }

    @Test
    void shouldReadEveryRecordOfTheV1FixtureWithTheCountsItWasWrittenWith()
    {
        final Map<EventType, Integer> inputs = new EnumMap<>(EventType.class);
        final Map<ControlAction, Long> controls = new EnumMap<>(ControlAction.class);
        try (JournalReader reader = JournalReader.inbound(state))
        {
            final InboundEvent event = new InboundEvent();
            while (reader.nextInbound(event))
            {
                assertEquals(1, reader.lastRecordLayout());
                inputs.merge(event.type, 1, Integer::sum);
                if (event.type == EventType.CONTROL)
                {
                    controls.put(event.controlAction, reader.recordsRead() - 1);
                    assertTrue(event.text().contains("v1 fixture"), event.text());
                }
            }
            assertEquals(V1FixtureJournal.EVENTS, reader.recordsRead());
        }
        final Map<OutputKind, Integer> outputs = new EnumMap<>(OutputKind.class);
        try (JournalReader reader = JournalReader.outbound(state))
        {
            final EngineOutput out = new EngineOutput();
            while (reader.nextOutput(out))
            {
                outputs.merge(out.kind, 1, Integer::sum);
            }
            assertEquals(V1FixtureJournal.OUTPUTS, reader.recordsRead());
        }

        assertEquals(2425, inputs.get(EventType.QUOTE));
        assertEquals(577, inputs.get(EventType.TRADE));
        assertEquals(109, inputs.get(EventType.HEARTBEAT));
        assertEquals(77, inputs.get(EventType.VENUE_ACK));
        assertEquals(70, inputs.get(EventType.VENUE_FILL));
        assertEquals(246, inputs.get(EventType.VENUE_REPLACE_ACK));
        assertEquals(16, inputs.get(EventType.VENUE_REPLACE_REJECT));
        assertEquals(5, inputs.get(EventType.VENUE_CANCEL_ACK));
        assertEquals(2, inputs.get(EventType.CONTROL));
        assertEquals(Map.of(ControlAction.KILL, 1279L, ControlAction.RESET, 2317L), controls);
        assertEquals(Map.of(OutputKind.EXECUTION_REPORT, 820, OutputKind.VENUE_AMEND, 262, OutputKind.VENUE_NEW, 77,
            OutputKind.VENUE_CANCEL, 5, OutputKind.ALERT, 2), outputs);
    }

    @Test
    void shouldContinueAV1JournalInLayoutTwoAndReadTheMixture() throws IOException
    {
        final JournalManifest manifest =
            JournalManifest.openOrCreate(state, V1FixtureJournal.SEED, V1FixtureJournal.ORDER_CAPACITY);
        assertEquals(JournalCodec.LAYOUT_VERSION, manifest.layoutVersion());
        final Properties written = manifestProperties();
        assertEquals("2", written.getProperty("layout_version"));
        assertEquals("1", written.getProperty("upgraded_from_layout"));
        assertEquals(Integer.toString(JournalCodec.SCHEMA_VERSION), written.getProperty("schema_version"));

        try (ChronicleJournal journal = ChronicleJournal.open(state, SyncPolicy.NONE, 0))
        {
            assertEquals(V1FixtureJournal.EVENTS, journal.eventCount());
            journal.onStart();
            assertTrue(journal.append(new InboundEvent().setHeartbeat(123_456_789L), V1FixtureJournal.EVENTS, true));
            journal.onShutdown();
        }

        try (JournalReader reader = JournalReader.inbound(state))
        {
            final InboundEvent event = new InboundEvent();
            reader.seek(V1FixtureJournal.EVENTS - 1);
            assertTrue(reader.nextInbound(event));
            assertEquals(1, reader.lastRecordLayout());
            assertTrue(reader.nextInbound(event));
            assertEquals(2, reader.lastRecordLayout());
            assertEquals(EventType.HEARTBEAT, event.type);
            assertEquals(123_456_789L, event.timestampNanos);
            assertFalse(reader.nextInbound(event));
        }
    }

    @Test
    void shouldCopyAV1JournalRecordForRecord() throws IOException
    {
        final JournalCopy.Position copied = JournalCopy.copy(state, dir.resolve("copy"));

        assertEquals(V1FixtureJournal.EVENTS, copied.inboundEvents());
        assertEquals(V1FixtureJournal.OUTPUTS, copied.outputs());
    }

    @Test
    void shouldRefuseAJournalOfANewerLayoutNamingTheFileAndTheVersions() throws IOException
    {
        rewriteManifest("layout_version", "3");

        final JournalException ex = assertThrows(JournalException.class, () -> JournalManifest.read(state));

        final String message = ex.getMessage();
        assertTrue(message.contains(manifestFile().toString()), message);
        assertTrue(message.contains("record layout version 3; this Horizon reads layouts 1 to 2"), message);
        assertTrue(message.contains("newer Horizon release"), message);
    }

    @Test
    void shouldRefuseAJournalOfANewerSchemaVersionNamingTheFileAndTheVersions() throws IOException
    {
        rewriteManifest("layout_version", "2");
        rewriteManifest("schema_version", Integer.toString(JournalCodec.SCHEMA_VERSION + 1));

        final JournalException ex = assertThrows(JournalException.class,
            () -> JournalManifest.openOrCreate(state, V1FixtureJournal.SEED, V1FixtureJournal.ORDER_CAPACITY));

        final String message = ex.getMessage();
        assertTrue(message.contains(manifestFile().toString()), message);
        assertTrue(message.contains("schema version " + (JournalCodec.SCHEMA_VERSION + 1) +
            "; this Horizon reads schema versions up to " + JournalCodec.SCHEMA_VERSION), message);
    }

    private Path manifestFile()
    {
        return state.resolve("journal").resolve(JournalManifest.FILE_NAME);
    }

    private Properties manifestProperties() throws IOException
    {
        final Properties p = new Properties();
        try (InputStream in = Files.newInputStream(manifestFile()))
        {
            p.load(in);
        }
        return p;
    }

    private void rewriteManifest(final String key, final String value) throws IOException
    {
        final Properties p = manifestProperties();
        p.setProperty(key, value);
        try (OutputStream out = Files.newOutputStream(manifestFile()))
        {
            p.store(out, null);
        }
    }
}
