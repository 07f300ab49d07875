package io.horizon.ops.state;

import java.io.IOException;

/**
 * A file of the state directory that is not what it must be (a link, a FIFO, a device, a folder,
 * a hard link, too large): it was not opened, or its content was not used. The message names the
 * path and what was found, never the content.
 */
public final class RefusedFileException extends IOException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line: the path, what it is, and what was expected.
     */
    public RefusedFileException(final String message)
    {
        super(message);
    }
}
