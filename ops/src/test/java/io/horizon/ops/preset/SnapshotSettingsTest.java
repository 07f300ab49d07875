package io.horizon.ops.preset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The preset's {@code [snapshots]} table: defaults when absent, values as written, and a refusal
 * naming the key for a value out of range or an unknown key.
 */
final class SnapshotSettingsTest
{
    private static Preset parse(final String extra)
    {
        final String text = EmbeddedPresets.text(EmbeddedPresets.PAPER) + extra;
        return PresetReader.parse("test.hz.toml", "test.hz.toml", text, Path.of("/presets"), PresetOverrides.none());
    }

    @Test
    void shouldSnapshotEveryMillionEventsOrFiveMinutesAndKeepThreeByDefault()
    {
        assertEquals(SnapshotSettings.DEFAULT, parse("").snapshots());
        assertEquals(1_000_000, SnapshotSettings.DEFAULT.policy().everyEvents());
        assertEquals(300_000_000_000L, SnapshotSettings.DEFAULT.policy().everyNanos());
    }

    @Test
    void shouldReadTheSnapshotsTable()
    {
        final SnapshotSettings s = parse("\n[snapshots]\nevery_events = 5000\nevery_seconds = 0\nkeep = 7\n").snapshots();
        assertEquals(new SnapshotSettings(5_000, 0, 7), s);
        assertEquals(0, s.policy().everyNanos());
    }

    @Test
    void shouldRefuseKeepingNoSnapshotNamingTheKey()
    {
        final PresetException ex = assertThrows(PresetException.class, () -> parse("\n[snapshots]\nkeep = 0\n"));
        assertTrue(ex.errors().get(0).contains("snapshots.keep"), ex.errors().toString());
    }

    @Test
    void shouldRefuseAnUnknownKeyInTheSnapshotsTable()
    {
        final PresetException ex = assertThrows(PresetException.class, () -> parse("\n[snapshots]\nevery_minutes = 5\n"));
        assertTrue(ex.errors().get(0).contains("snapshots.every_minutes"), ex.errors().toString());
    }
}
