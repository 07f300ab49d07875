package io.horizon.engine.journal;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.horizon.engine.event.InboundEvent;
import io.horizon.engine.journal.sbe.EngineOutputRecordDecoder;
import io.horizon.engine.journal.sbe.InboundEventRecordDecoder;
import io.horizon.engine.output.EngineOutput;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every public field of the ring slot and of an engine output has its field in the journal schema,
 * so a field added to {@link InboundEvent} or {@link EngineOutput} without a schema field (which
 * the journal would silently drop, and a replay would then decide without) fails here. How to add
 * one: {@code journal/README.md}, "Changing the schema".
 */
final class JournalSchemaCoverageTest
{
    /** Slot fields stored under another name, or in a composite, in the schema. */
    private static final Map<String, String> RENAMED = Map.of(
        "type", "eventType",
        "clientOrderIdHi", "clientOrderId",
        "clientOrderIdLo", "clientOrderId",
        "origClientOrderIdHi", "origClientOrderId",
        "origClientOrderIdLo", "origClientOrderId",
        "error", "errorText");

    @Test
    void shouldHaveASchemaFieldForEveryFieldOfTheRingSlot()
    {
        assertEquals(List.of(), missing(InboundEvent.class, InboundEventRecordDecoder.class));
    }

    @Test
    void shouldHaveASchemaFieldForEveryFieldOfAnEngineOutput()
    {
        assertEquals(List.of(), missing(EngineOutput.class, EngineOutputRecordDecoder.class));
    }

    @Test
    void shouldRequireTheWholeBlockOfTheCurrentSchemaVersion()
    {
        final SchemaBlockLengths inbound = new SchemaBlockLengths(InboundEventRecordDecoder.class, JournalCodec.SCHEMA_VERSION);
        final SchemaBlockLengths outputs = new SchemaBlockLengths(EngineOutputRecordDecoder.class, JournalCodec.SCHEMA_VERSION);

        assertEquals(InboundEventRecordDecoder.BLOCK_LENGTH, inbound.required(JournalCodec.SCHEMA_VERSION));
        assertEquals(EngineOutputRecordDecoder.BLOCK_LENGTH, outputs.required(JournalCodec.SCHEMA_VERSION));
    }

    private static List<String> missing(final Class<?> engineType, final Class<?> decoder)
    {
        final List<String> missing = new ArrayList<>();
        for (final Field field : engineType.getFields())
        {
            if (Modifier.isStatic(field.getModifiers()))
            {
                continue;
            }
            final String schemaName = RENAMED.getOrDefault(field.getName(), field.getName());
            if (!hasAccessor(decoder, schemaName))
            {
                missing.add(engineType.getSimpleName() + "." + field.getName() + " (schema field '" + schemaName + "')");
            }
        }
        return missing;
    }

    private static boolean hasAccessor(final Class<?> decoder, final String name)
    {
        for (final Method m : decoder.getMethods())
        {
            if (m.getName().equals(name) && m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers()))
            {
                return true;
            }
        }
        return false;
    }
}
