package io.horizon.ops.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.horizon.ops.preset.EmbeddedPresets;
import io.horizon.ops.preset.PresetRecord;
import io.horizon.ops.support.HorizonProcess;
import io.horizon.ops.support.HorizonProcess.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code horizon preset validate/show} as processes, and {@code horizon run --preset}: the preset
 * a journal is written with is recorded in the state, {@code replay --verify} rebuilds the engine
 * from it, and a restart that would change the engine's decisions is refused.
 */
final class PresetVerbsTest
{
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void capture()
    {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore()
    {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private int horizon(final String... args)
    {
        out.reset();
        err.reset();
        return HorizonCommand.execute(args);
    }

    @Test
    void shouldShowTheShippedPresetAndValidateGoodAndBadFilesAsProcesses() throws Exception
    {
        final Result show = HorizonProcess.run(dir, "preset", "show", "paper");
        assertEquals(0, show.exitCode(), show::toString);
        assertTrue(show.output().contains(EmbeddedPresets.text(EmbeddedPresets.PAPER)), show::toString);

        final Path good = Files.writeString(dir.resolve("good.hz.toml"), EmbeddedPresets.text(EmbeddedPresets.TUNED_HOST));
        final Result valid = HorizonProcess.run(dir, "preset", "validate", good.toString());
        assertEquals(0, valid.exitCode(), valid::toString);
        assertTrue(valid.output().contains(good + ": valid. mode paper; 3 instrument(s), 1 account(s), 1 strategy;"), valid::toString);

        final Path bad = Files.writeString(dir.resolve("bad.hz.toml"), EmbeddedPresets.text(EmbeddedPresets.PAPER)
            .replace("ring_size = 65536", "ring_size = 65535")
            .replace("mode = \"paper\"", "mode = \"live\"")
            .replace("[metrics]", "[metrics]\ncolor = \"blue\""));
        final Result invalid = HorizonProcess.run(dir, "preset", "validate", bad.toString());
        assertEquals(2, invalid.exitCode(), invalid::toString);
        assertTrue(invalid.output().contains("horizon: error: " + bad + ": engine.ring_size = 65535: is not a power of two"),
            invalid::toString);
        assertTrue(invalid.output().contains("horizon: error: " + bad + ": mode = \"live\": contradicts venue \"paper\""),
            invalid::toString);
        assertTrue(invalid.output().contains("horizon: error: " + bad + ": metrics.color = \"blue\": unknown key"),
            invalid::toString);
        assertTrue(invalid.output().contains("horizon: " + bad + " is not valid: 3 errors"), invalid::toString);
        assertFalse(invalid.output().contains("\tat "), invalid::toString);
    }

    @Test
    void shouldRunFromAPresetRecordItAndRefuseARestartThatChangesDecisions() throws Exception
    {
        // A preset the embedded default could not replay: a fourth instrument and wider quotes.
        final String custom = EmbeddedPresets.text(EmbeddedPresets.PAPER)
            .replace("half_spread_ticks = 2", "half_spread_ticks = 3")
            .replace("# (decides) Accounts", "[[instruments]]\nsymbol = \"QQQ\"\ntick_size = 0.01\nreference_price = 500\n\n" +
                "# (decides) Accounts");
        final Path preset = Files.writeString(dir.resolve("wide.hz.toml"), custom);
        final Path state = dir.resolve("state");

        assertEquals(0, horizon("run", "--preset", preset.toString(), "--state", state.toString(), "--duration", "2s",
            "--journal-sync", "none"), err::toString);
        assertTrue(Files.exists(state.resolve("presets").resolve("wide.hz.toml")), "the preset is kept in the state");
        assertTrue(Files.readString(PresetRecord.file(state)).contains("symbol = \"QQQ\""));

        assertEquals(0, horizon("replay", "--state", state.toString(), "--verify"), () -> out + "\n" + err);
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("verified "), out::toString);
        assertEquals(0, horizon("replay", "--state", state.toString(), "--market", "QQQ", "--limit", "1"), err::toString);

        final Path narrower = Files.writeString(dir.resolve("narrow.hz.toml"), custom.replace("half_spread_ticks = 3", "half_spread_ticks = 2"));
        assertEquals(2, horizon("run", "--preset", narrower.toString(), "--state", state.toString(), "--duration", "1s"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("horizon: error: preset " + narrower + " would change what " +
            "the engine decides: strategies[0].half_spread_ticks = 3 in the recorded preset, 2 in this one."), err::toString);
        assertEquals(2, horizon("preset", "validate", narrower.toString(), "--state", state.toString()));

        // Tuning keys may change; without --preset the recorded preset is used.
        assertEquals(0, horizon("run", "--state", state.toString(), "--duration", "1s", "--wait-strategy", "sleeping",
            "--journal-sync", "none"), err::toString);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("recovered from the journal"), out::toString);
        assertEquals(0, horizon("preset", "show", "--state", state.toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("wait_strategy = \"sleeping\""), out::toString);
        assertEquals(0, horizon("replay", "--state", state.toString(), "--verify"), () -> out + "\n" + err);
    }

    @Test
    void shouldRefuseABadPresetForRunWithOneLine() throws Exception
    {
        final Path bad = Files.writeString(dir.resolve("bad.hz.toml"), "[engine]\nring_size = 3\n");

        assertEquals(2, horizon("run", "--preset", bad.toString(), "--state", dir.resolve("s").toString(), "--duration", "1s"));
        final String stderr = err.toString(StandardCharsets.UTF_8);
        assertTrue(stderr.startsWith("horizon: error: " + bad + ": engine.ring_size = 3: is out of range"), stderr);
        assertTrue(stderr.contains("(and 2 more; horizon preset validate FILE lists them all)"), stderr);
        assertEquals(1, stderr.strip().split("\n").length, stderr);
        assertFalse(Files.exists(dir.resolve("s")), "nothing is created for a preset that cannot run");
    }
}
