package io.horizon.journal.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The committed v1 fixture journal ({@code io/horizon/journal/fixtures/v1-journal.zip}, written by
 * the release before journal layout 2; how it was made and what it holds is in
 * {@code v1-journal.md} beside it), unpacked into a state directory. Runs of zeros are left as
 * holes, so the two 80 MiB cycle files cost only the disk their records use.
 */
public final class V1FixtureJournal
{
    /** Inbound events the fixture holds. */
    public static final long EVENTS = 3527;
    /** Outputs the fixture holds. */
    public static final long OUTPUTS = 1166;
    /** The seed it was written with. */
    public static final long SEED = 42;
    /** The order capacity it was written with. */
    public static final int ORDER_CAPACITY = 16384;

    private static final String RESOURCE = "/io/horizon/journal/fixtures/v1-journal.zip";
    private static final int CHUNK = 64 * 1024;

    private V1FixtureJournal()
    {
    }

    /**
     * Unpacks the fixture into {@code state} (created if missing): {@code journal/} and
     * {@code presets/active.hz.toml}.
     *
     * @return {@code state}.
     */
    public static Path unpackInto(final Path state) throws IOException
    {
        try (InputStream raw = V1FixtureJournal.class.getResourceAsStream(RESOURCE))
        {
            if (raw == null)
            {
                throw new IOException(RESOURCE + " is not on the test classpath");
            }
            try (ZipInputStream zip = new ZipInputStream(raw))
            {
                final byte[] chunk = new byte[CHUNK];
                for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry())
                {
                    final Path target = state.resolve(entry.getName()).normalize();
                    if (!target.startsWith(state))
                    {
                        throw new IOException("fixture entry " + entry.getName() + " leaves the state directory");
                    }
                    if (entry.isDirectory())
                    {
                        Files.createDirectories(target);
                        continue;
                    }
                    Files.createDirectories(target.getParent());
                    writeSparse(zip, target, chunk);
                }
            }
        }
        return state;
    }

    private static void writeSparse(final InputStream in, final Path target, final byte[] chunk) throws IOException
    {
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
        {
            long position = 0;
            int n;
            while ((n = in.readNBytes(chunk, 0, chunk.length)) > 0)
            {
                if (!allZero(chunk, n))
                {
                    out.write(ByteBuffer.wrap(chunk, 0, n), position);
                }
                position += n;
            }
            if (out.size() < position)
            {
                out.write(ByteBuffer.wrap(new byte[1]), position - 1);
            }
        }
    }

    private static boolean allZero(final byte[] bytes, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            if (bytes[i] != 0)
            {
                return false;
            }
        }
        return true;
    }
}
