package io.horizon.engine.output;

/**
 * What the business-logic processor asks the outside world to do, through the outbox.
 */
public enum OutputKind
{
    /** Send a new order to the venue. */
    VENUE_NEW,
    /** Send a cancel to the venue. */
    VENUE_CANCEL,
    /** Send an amend (new price and/or total quantity) to the venue. */
    VENUE_AMEND,
    /**
     * After recovery: an order the BLP holds live, with its current terms, so the venue can
     * reconcile (a simulated venue restores it to its book; a real one checks its status).
     */
    VENUE_RECONCILE,
    /** An execution report for subscribers (clients, tests, a FIX gateway). */
    EXECUTION_REPORT,
    /** A handler raised while processing an event; carries the event type and the error. */
    ENGINE_ERROR,
    /**
     * Something an operator must know about: the kill switch, a watchdog halt, a feed's health,
     * a limit change. See {@link AlertKind}. Journaled like every output; the ops module's journal
     * follower turns it into a page, off the engine's threads. Report listeners see it too.
     */
    ALERT
}
