package io.horizon.ops.alerting;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Writes alert payloads with jackson-core's streaming generator, which escapes every string.
 * <p>
 * Stateless apart from the shared, thread-safe factory; any thread.
 */
final class AlertJson
{
    private static final JsonFactory FACTORY = new JsonFactory();

    private AlertJson()
    {
    }

    /**
     * Body of a payload.
     */
    @FunctionalInterface
    interface Body
    {
        void write(JsonGenerator json) throws IOException;
    }

    static byte[] write(final Body body)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8))
        {
            body.write(json);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    static String text(final String s)
    {
        return s == null ? "" : s;
    }
}
