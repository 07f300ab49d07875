package io.horizon.engine.journal;

import io.horizon.engine.output.EngineOutput;

/**
 * Where the venue gateway journals every output of the BLP (venue commands, execution reports,
 * engine errors) just before acting on it, so the audit store can be derived from the journal
 * alone and a re-run can be compared with what happened.
 * <p>
 * A failing append is retried with back-off and the output is not acted on until it succeeds.
 * <p>
 * Threading: the gateway thread only.
 */
public interface OutputJournal
{
    /** Journals nothing. */
    OutputJournal NONE = out ->
    {
    };

    /**
     * @param out the output, read-only.
     * @throws Exception when it could not be recorded; it will be retried.
     */
    void append(EngineOutput out) throws Exception;
}
