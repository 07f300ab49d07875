package io.horizon.ops.secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.horizon.journal.audit.AuditCategory;
import io.horizon.journal.audit.AuditDraft;
import io.horizon.journal.audit.AuditSeverity;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Secret reads as {@code secret.access} audit events: reads made before the audit log starts are
 * kept (up to the bound) and handed over in order with the time they happened; reads beyond the
 * bound, or after the audit log stopped, are counted and reported; a failing audit never fails the
 * read; and no event carries the value.
 */
final class AuditedSecretAccessTest
{
    private static final String CANARY = "CANARY-value-0c1d2e3f";

    private final List<AuditDraft> audited = new ArrayList<>();

    private static Secrets secrets(final SecretAccessAudit audit)
    {
        final SecretSource source = new SecretSource()
        {
            @Override
            public Optional<String> lookup(final String key)
            {
                return "alpaca.key".equals(key) ? Optional.of(CANARY) : Optional.empty();
            }

            @Override
            public Set<String> keys()
            {
                return Set.of("alpaca.key");
            }

            @Override
            public String describe()
            {
                return "test source";
            }
        };
        return new Secrets(source, audit, "system");
    }

    @Test
    void shouldKeepReadsMadeBeforeTheAuditLogStartsAndHandThemOverInOrder()
    {
        final AuditedSecretAccess access = new AuditedSecretAccess();
        final Secrets secrets = secrets(access);

        assertEquals(CANARY, secrets.require("alpaca.key").reveal());
        assertFalse(secrets.has("alpaca.secret"));
        assertEquals(2, access.buffered());
        assertTrue(audited.isEmpty());

        access.attach(audited::add);
        secrets.get("alpaca.key");

        assertEquals(0, access.buffered());
        assertEquals(3, audited.size());
        assertEquals(List.of("secret alpaca.key read", "secret alpaca.secret looked up, not present", "secret alpaca.key read"),
            audited.stream().map(AuditDraft::message).toList());
        for (final AuditDraft d : audited)
        {
            assertEquals(AuditCategory.SECRET_ACCESS, d.category());
            assertEquals(AuditSeverity.INFO, d.severity());
            assertEquals("system", d.actor());
            assertFalse(d.toString().contains(CANARY), d::toString);
        }
        assertEquals("{\"key\":\"alpaca.key\",\"found\":true}", audited.get(0).payload());
        assertTrue(audited.get(0).timestampNanos() <= audited.get(2).timestampNanos(), "each carries the time it was read");
    }

    @Test
    void shouldCountReadsBeyondTheBoundAndReportThemWhenTheAuditLogStarts()
    {
        final AuditedSecretAccess access = new AuditedSecretAccess(2);
        final Secrets secrets = secrets(access);
        for (int i = 0; i < 5; i++)
        {
            secrets.has("alpaca.key");
        }
        assertEquals(2, access.buffered());
        assertEquals(3, access.unrecorded());

        access.attach(audited::add);

        assertEquals(3, audited.size());
        final AuditDraft lost = audited.get(2);
        assertEquals(AuditSeverity.WARNING, lost.severity());
        assertEquals("3 secret read(s) before the audit log started were not recorded here (buffer of 2 full); " +
            "their key names are in the daemon's log", lost.message());
        assertEquals(0, access.unrecorded());
    }

    @Test
    void shouldLogAndCountOnlyOnceTheAuditLogStopped()
    {
        final AuditedSecretAccess access = new AuditedSecretAccess();
        access.attach(audited::add);
        access.detach();

        secrets(access).has("alpaca.key");

        assertTrue(audited.isEmpty());
        assertEquals(0, access.buffered(), "nothing waits for an audit log that has stopped");
        assertEquals(1, access.unrecorded());
    }

    @Test
    void shouldNeverFailAReadBecauseItsAuditFailed()
    {
        final AuditedSecretAccess access = new AuditedSecretAccess();
        access.attach(d ->
        {
            throw new IllegalStateException("audit.db is read-only");
        });

        assertEquals(CANARY, secrets(access).require("alpaca.key").reveal());
        assertEquals(1, access.unrecorded());
    }

    @Test
    void shouldRefuseAnEmptyBuffer()
    {
        assertThrows(IllegalArgumentException.class, () -> new AuditedSecretAccess(0));
    }
}
