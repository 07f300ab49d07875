package io.horizon.ops.metrics;

import java.util.Map;

/**
 * The help text of Horizon's metrics, by Prometheus name, so every family in {@code /metrics}
 * says what it counts (and {@code promtool check metrics} finds help on each). A name that a later
 * component publishes without an entry here gets a generic line naming it.
 * <p>
 * Stateless; any thread.
 */
final class MetricHelp
{
    private static final Map<String, String> HELP = Map.ofEntries(
        Map.entry("horizon_orders_submitted_total", "Orders that passed pre-trade risk and went to the venue, by venue, account and side."),
        Map.entry("horizon_order_rejects_total", "Orders, cancels and amends rejected, by venue, account and the layer that refused them."),
        Map.entry("horizon_order_latency_seconds", "From an order's event time to its first ack or fill report at the venue gateway."),
        Map.entry("horizon_fills_total", "Fills and partial fills applied, by venue, account and side."),
        Map.entry("horizon_positions_open", "Instruments with a non-flat position, by venue and account."),
        Map.entry("horizon_equity_usd", "Account equity: cash plus positions at their marks, in USD, published by the BLP every 100 ms of event time."),
        Map.entry("horizon_audit_events_total", "Audit events written, by category and severity."),
        Map.entry("horizon_feed_heartbeat_age_seconds", "Seconds since each feed's last heartbeat."),
        Map.entry("horizon_feed_gaps_total", "Gaps detected in a feed's sequence numbers, by feed and market."),
        Map.entry("horizon_watchdog_halts_total", "Trading halts by the watchdog, by reason."),
        Map.entry("horizon_risk_decisions_total", "Pre-trade risk decisions, by layer and kind."),
        Map.entry("horizon_dlq_depth", "Dead-letter queue entries waiting for triage, by venue."),
        Map.entry("horizon_audit_flush_lag_records", "How many journal records the audit log is behind the journal."),
        Map.entry("horizon_kill_switch_engaged", "1 while the kill switch is engaged."),
        Map.entry("horizon_stage_latency_seconds", "Pipeline stage latency percentiles over the last sampling interval, by stage."),
        Map.entry("horizon_journal_append_latency_seconds", "Journal append time per event, percentiles over the last sampling interval."),
        Map.entry("horizon_journal_sync_failures_total", "Journal syncs (fdatasync of a cycle file) that failed; after one, nothing more becomes durable and every effect stops until a restart."),
        Map.entry("horizon_journal_disk_used_bytes", "Bytes the files of STATE/journal take (cycle files at their allocated length), sampled every 30 s."),
        Map.entry("horizon_journal_disk_free_bytes", "Bytes free for the daemon on the file system that holds STATE/journal, sampled every 30 s."),
        Map.entry("horizon_journal_disk_size_bytes", "Size of the file system that holds STATE/journal."),
        Map.entry("horizon_snapshot_pause_seconds", "How long the engine stopped to copy its state (and the paper venue's book) per snapshot written."),
        Map.entry("horizon_snapshot_pause_max_seconds", "The longest engine pause for a snapshot since start."),
        Map.entry("horizon_snapshot_write_seconds", "Time to write a snapshot file (temporary file, fsync, rename, folder fsync), off the engine threads."),
        Map.entry("horizon_snapshot_write_max_seconds", "The longest snapshot write since start."),
        Map.entry("horizon_snapshots_dropped_total", "Snapshots dropped because the writer still had two waiting."),
        Map.entry("horizon_snapshots_failed_total", "Snapshots that could not be written (I/O error, or the stages never passed their position)."),
        Map.entry("horizon_snapshots_refused_at_recovery", "Snapshots recovery passed over at start (damaged, foreign or from another preset); each is logged with its file."),
        Map.entry("horizon_ring_remaining_capacity", "Free slots in the ring, sampled once per interval."),
        Map.entry("horizon_ring_drops_total", "Events dropped because the inbound ring was full, by kind."),
        Map.entry("horizon_engine_orders_submitted_total", "Orders that passed pre-trade risk, all venues and accounts."),
        Map.entry("horizon_engine_fills_total", "Fills applied, all venues and accounts."),
        Map.entry("horizon_engine_order_rejects_total", "Rejects counted by the engine, by layer and reason, including requests for unknown accounts and ring-full rejects."),
        Map.entry("horizon_events_processed_total", "Inbound events the business-logic processor handled, replayed ones included."),
        Map.entry("horizon_quotes_total", "Quotes the business-logic processor handled."),
        Map.entry("horizon_trades_total", "Trade prints the business-logic processor handled."),
        Map.entry("horizon_orders_received_total", "New orders received by the business-logic processor, from clients and strategies."),
        Map.entry("horizon_orders_rejected_total", "Orders rejected for any reason."),
        Map.entry("horizon_cancels_requested_total", "Cancels requested."),
        Map.entry("horizon_amends_requested_total", "Amends requested."),
        Map.entry("horizon_orders_live", "Orders live now."),
        Map.entry("horizon_handler_errors_total", "Exceptions caught in a pipeline stage."),
        Map.entry("horizon_late_venue_responses_total", "Venue responses about orders no longer live."),
        Map.entry("horizon_outbox_full_waits_total", "Times the business-logic processor waited for outbox room."),
        Map.entry("horizon_journal_events_total", "Events the journal stage recorded in this run."),
        Map.entry("horizon_venue_commands_total", "Commands sent to the venue."),
        Map.entry("horizon_venue_errors_total", "Venue calls that raised."),
        Map.entry("horizon_venue_backlog", "Venue responses waiting for room in the ring."),
        Map.entry("horizon_venue_deferred_commands",
            "Orders, cancels and amends waiting to go out because the FIX session's channel to Artio is full, by venue."),
        Map.entry("horizon_venue_back_pressured_total",
            "Orders, cancels and amends that had to wait for room in the FIX session's channel to Artio, by venue."),
        Map.entry("horizon_venue_held_commands",
            "Orders, cancels and amends held now for the FIX session's logon (when_down = \"wait\"), by venue."),
        Map.entry("horizon_venue_held_total",
            "Orders, cancels and amends held because the FIX session was down (when_down = \"wait\"), by venue."),
        Map.entry("horizon_venue_held_released_total",
            "Held orders, cancels and amends handed to the FIX session once it had logged on again, by venue."),
        Map.entry("horizon_venue_held_expired_total",
            "Held orders, cancels and amends sent to the dead-letter queue instead, held past wait_limit_ms, by venue."),
        Map.entry("horizon_venue_hold_full_total",
            "Orders, cancels and amends sent to the dead-letter queue at once because wait_max_orders were held already, by venue."),
        Map.entry("horizon_venue_session_state_age_seconds",
            "Seconds since the FIX session last logged on or last went down (since the start while it never logged on), by venue."),
        Map.entry("horizon_venue_slow_consumer_disconnects_total",
            "FIX session drops by Artio's engine because it could not write to the venue's connection (SLOW_CONSUMER), by venue."),
        Map.entry("horizon_venue_disconnect_reasons_total",
            "FIX session drops by Artio's disconnect reason (remote_disconnect, slow_consumer, invalid_fix_message, ...; unknown for a drop during the logon Artio gave no reason for), by venue."),
        Map.entry("horizon_venue_invalid_messages_total",
            "Inbound bytes from the FIX venue that were not a well-formed message (no BeginString, a wrong BodyLength or CheckSum, a required tag missing), by venue; each is kept raw in the audit log."),
        Map.entry("horizon_fix_market_data_refused_entries_total",
            "FIX market data entries skipped (unknown symbol, bad price or size, unreadable message), by venue."),
        Map.entry("horizon_fix_market_data_rejected_requests_total",
            "MarketDataRequests the venue rejected (35=Y), by venue."),
        Map.entry("horizon_execution_reports_total", "Execution reports delivered to listeners."),
        Map.entry("horizon_secrets_reloads_total", "Secrets reloads (SIGHUP), by result."),
        Map.entry("horizon_alerts_raised_total", "Alerts raised (kill switch, watchdog, feeds, dead letters, store faults), by severity."),
        Map.entry("horizon_alerts_held_back_total", "Repeated alerts of one condition held back from the remote sinks within the repeat window."),
        Map.entry("horizon_alert_posts_total", "Alert posts to webhook and PagerDuty sinks, by sink and result (delivered, failed, dropped)."),
        Map.entry("horizon_venue_round_trip_latency_seconds",
            "From an order, cancel or replace handed to the FIX session (Artio) to the venue's first answer for its ClOrdID, by venue."));

    private MetricHelp()
    {
    }

    /**
     * @param name a Prometheus name as in a counter label (with {@code _total} or {@code _seconds}).
     * @return its help text.
     */
    static String of(final String name)
    {
        final String help = HELP.get(name);
        return help != null ? help : "Horizon metric " + name + " (published through the engine counters).";
    }
}
