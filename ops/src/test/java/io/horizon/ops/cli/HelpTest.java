package io.horizon.ops.cli;


import io.horizon.ops.support.HorizonProcess;
import io.horizon.ops.support.HorizonProcess.Result;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every verb's {@code --help} teaches with an example.
 */
final class HelpTest
{
    @ParameterizedTest(name = "horizon {0} --help")
    @ValueSource(strings = {"", "run", "replay", "kill", "reset", "stat", "preset", "preset validate", "preset show",
        "backup", "restore", "version"})
    void shouldTeachEveryVerbWithAnExample(final String verb)
    {
        final String[] args = (verb.isEmpty() ? "--help" : verb + " --help").split(" ");
        final Result help = HorizonProcess.inProcess(args);

        assertEquals(0, help.exitCode(), help::toString);
        assertTrue(help.output().contains("Example") || help.output().contains("Start here:"), help::toString);
        assertTrue(help.output().contains("  horizon " + (verb.isEmpty() ? "run" : verb.split(" ")[0])), help::toString);
    }
}
