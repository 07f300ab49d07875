package io.horizon.ops.secrets;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class ReloadOnSighupTest
{
    @Test
    void shouldSeeSighupIgnoredWhenTheLowestBitOfSigIgnIsSet()
    {
        // nohup: SIGHUP (1) ignored, as is SIGPIPE (13) by many shells.
        assertTrue(ReloadOnSighup.isSighupIgnored("Name:\tjava\nSigBlk:\t0000000000000000\nSigIgn:\t0000000000001001\n"));
    }

    @Test
    void shouldNotSeeSighupIgnoredWhenOnlyOtherSignalsAre()
    {
        assertFalse(ReloadOnSighup.isSighupIgnored("Name:\tjava\nSigIgn:\t0000000000001000\nSigCgt:\t0000000000000001\n"));
        assertFalse(ReloadOnSighup.isSighupIgnored("Name:\tjava\n"));
        assertFalse(ReloadOnSighup.isSighupIgnored(null));
    }
}
