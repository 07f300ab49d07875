package io.horizon.ops.deploy;

import java.nio.file.Files;

import io.horizon.engine.output.Runbook;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every runbook an engine alert points an operator at exists in deploy/runbooks.
 */
final class RunbookPathsTest
{
    @Test
    void shouldShipEveryRunbookTheEngineAlertsPointAt()
    {
        for (final Runbook runbook : Runbook.values())
        {
            if (runbook != Runbook.NONE)
            {
                assertTrue(Files.isRegularFile(DeployKit.root().resolve(runbook.path())),
                    runbook + " points at " + runbook.path() + ", which does not exist");
            }
        }
    }
}
