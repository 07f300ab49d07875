package io.horizon.ops.daemon;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.horizon.journal.audit.AuditCategory;
import io.horizon.journal.audit.AuditDraft;
import io.horizon.journal.audit.AuditSeverity;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A refused FIX message becomes a {@code venue.refused_message} audit event carrying the raw
 * message, and a warning alert keyed by the venue; refusals before the audit log opens wait for it,
 * at most {@link VenueRefusals#CAPACITY} of them, and none still waiting is dropped at the stop.
 */
final class VenueRefusalsTest
{
    @Test
    void shouldHoldRefusalsUntilTheAuditLogOpensThenRecordEachRawWithAnAlert() throws Exception
    {
        final List<String> alerts = new CopyOnWriteArrayList<>();
        final List<AuditDraft> audit = new CopyOnWriteArrayList<>();
        try (VenueRefusals refusals = new VenueRefusals((severity, title, message, extra) ->
            alerts.add(severity + " | " + title + " | " + message + " | " + extra.get("dedup_key") + " | " +
                extra.get("runbook"))))
        {
            refusals.refused("broker", "broker HORIZON->BRK@10.0.0.1:9878", "ExecutionReport", "11=ClOrdID", "hzn_X",
                "no live order has that ClOrdID; ignored", "8=FIX.4.4|9=80|35=8|11=hzn_X|17=E1|10=123|");
            Thread.sleep(500);
            assertEquals(List.of(), audit, "nothing recorded before the audit log opens");

            refusals.attach(audit::add);
            final long deadline = System.currentTimeMillis() + 10_000;
            while (audit.isEmpty() && System.currentTimeMillis() < deadline)
            {
                Thread.sleep(10);
            }
        }
        assertEquals(1, audit.size());
        final AuditDraft draft = audit.get(0);
        assertEquals(AuditCategory.VENUE_REFUSED_MESSAGE, draft.category());
        assertEquals(AuditSeverity.WARNING, draft.severity());
        assertEquals("broker", draft.venueName());
        assertTrue(draft.message().contains("broker HORIZON->BRK@10.0.0.1:9878") && draft.message().contains("11=ClOrdID hzn_X"),
            draft.message());
        assertTrue(draft.payload().contains("\"raw\":\"8=FIX.4.4|9=80|35=8|11=hzn_X|17=E1|10=123|\""), draft.payload());
        assertEquals(1, alerts.size(), alerts.toString());
        assertTrue(alerts.get(0).startsWith("WARNING | FIX venue sent a message Horizon refused | FIX session broker"),
            alerts.get(0));
        assertTrue(alerts.get(0).endsWith("| horizon:venue:venue broker | deploy/runbooks/venue-disconnect.md"),
            alerts.get(0));
    }

    @Test
    void shouldRecordEveryRefusalStillWaitingWhenClosedRightAfterTheAuditLogOpens() throws Exception
    {
        final List<AuditDraft> audit = new CopyOnWriteArrayList<>();
        final List<String> alerts = new CopyOnWriteArrayList<>();
        final VenueRefusals refusals = new VenueRefusals((severity, title, message, extra) -> alerts.add(title));
        for (int i = 0; i < 3; i++)
        {
            refused(refusals, i);
        }
        // Past the recording thread's poll interval, so it has seen the refusals before the audit log opens.
        Thread.sleep(500);
        refusals.attach(audit::add);
        refusals.close();

        assertEquals(3, audit.size(), "every refusal waiting at the stop is recorded");
        assertEquals(3, alerts.size(), alerts.toString());
    }

    @Test
    void shouldHoldAtMostItsCapacityBeforeTheAuditLogOpensAndRecordThoseInOrder() throws Exception
    {
        final List<AuditDraft> audit = new CopyOnWriteArrayList<>();
        final VenueRefusals refusals = new VenueRefusals((severity, title, message, extra) -> { });
        final int flood = VenueRefusals.CAPACITY + 100;
        for (int i = 0; i < flood; i++)
        {
            refused(refusals, i);
        }
        Thread.sleep(500);
        refusals.attach(audit::add);
        refusals.close();

        assertEquals(VenueRefusals.CAPACITY, audit.size(), "a flood before the audit log opens is held up to the capacity");
        for (int i = 0; i < VenueRefusals.CAPACITY; i++)
        {
            assertTrue(audit.get(i).message().contains("hzn_" + i + " refused"), audit.get(i).message());
        }
    }

    private static void refused(final VenueRefusals refusals, final int i)
    {
        refusals.refused("broker", "broker HORIZON->BRK@127.0.0.1:9878", "ExecutionReport", "11=ClOrdID", "hzn_" + i,
            "no live order has that ClOrdID; ignored", "8=FIX.4.4|9=80|35=8|11=hzn_" + i + "|17=E" + i + "|10=123|");
    }
}
