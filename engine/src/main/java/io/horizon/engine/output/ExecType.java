package io.horizon.engine.output;

/**
 * What an execution report tells its subscriber, in the spirit of FIX ExecType.
 */
public enum ExecType
{
    PENDING_NEW,
    NEW,
    REJECTED,
    PARTIAL_FILL,
    FILL,
    PENDING_CANCEL,
    CANCELED,
    CANCEL_REJECTED,
    PENDING_REPLACE,
    REPLACED,
    REPLACE_REJECTED,
    EXPIRED,
    DONE_FOR_DAY
}
