package io.horizon.ops.preset;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;

import io.horizon.engine.event.FixedPoint;
import io.horizon.engine.pipeline.WaitStrategyKind;
import io.horizon.engine.reference.Instrument;
import io.horizon.journal.SyncPolicy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reading and checking presets: the shipped ones, every kind of error (unknown key, bad value,
 * wrong type, contradiction, syntax), and the round trip through the recorded form.
 */
final class PresetReaderTest
{
    private static final String MINIMAL = String.join("\n",
        "[[instruments]]",
        "symbol = \"AAPL\"",
        "tick_size = 0.01",
        "reference_price = 190",
        "",
        "[[accounts]]",
        "name = \"paper\"",
        "starting_cash = 1000",
        "");

    private static Preset parse(final String text)
    {
        return PresetReader.parse("test.hz.toml", "test.hz.toml", text, Path.of("/presets"), PresetOverrides.none());
    }

    private static List<String> errors(final String text)
    {
        return assertThrows(PresetException.class, () -> parse(text)).errors();
    }

    private static void assertOneError(final String text, final String expected)
    {
        final List<String> errors = errors(text);
        assertEquals(1, errors.size(), errors::toString);
        assertEquals(expected, errors.get(0));
    }

    @Test
    void shouldHoldDefaultSetupValuesInTheShippedPaperPreset()
    {
        final Preset paper = EmbeddedPresets.paper();

        assertEquals(TradingMode.PAPER, paper.mode());
        assertEquals(List.of("AAPL", "MSFT", "SPY"),
            paper.referenceData().instruments().stream().map(Instrument::symbol).toList());
        for (final Instrument i : paper.referenceData().instruments())
        {
            assertEquals(FixedPoint.fromDouble(0.01), i.tickSize());
        }
        assertEquals(FixedPoint.ofUnits(190), paper.referenceData().instrument(0).referencePrice());
        assertEquals(FixedPoint.ofUnits(560), paper.referenceData().instrument(2).referencePrice());
        assertEquals("paper", paper.referenceData().account(0).name());
        assertEquals(FixedPoint.ofUnits(1_000_000), paper.referenceData().account(0).startingCash());
        assertEquals(new MarketMakerSettings("paper", 2, FixedPoint.ofUnits(10), FixedPoint.ofUnits(100), 2, true),
            paper.strategies().get(0));
        assertEquals(42, paper.engine().seed());
        assertEquals(16384, paper.engine().orderCapacity());
        assertEquals(WaitStrategyKind.BACKOFF, paper.engine().waitStrategy());
        assertEquals(SyncPolicy.BATCH, paper.journal().sync());
        assertEquals(2000, paper.feed().rate());
        assertEquals(9100, paper.metrics().port());
        assertEquals("moderate", paper.risk().profile());
    }

    @Test
    void shouldReadTheTunedHostExample()
    {
        final Preset tuned = EmbeddedPresets.parse(EmbeddedPresets.TUNED_HOST);

        assertEquals(WaitStrategyKind.BUSY_SPIN, tuned.engine().waitStrategy());
        assertEquals(java.util.Set.of("blp", "gateway", "journal"), tuned.engine().pinnedRoles());
        assertEquals(262144, tuned.engine().ringSize());
        assertEquals(SyncPolicy.PERIODIC, tuned.journal().sync());
        assertEquals(20, tuned.journal().syncIntervalMillis());
        assertEquals("pagerduty", tuned.alerting().sinks().get(1).kind());
    }

    @Test
    void shouldReadTheAuditTableAndRefuseABadSecretNameOrInterval()
    {
        final Preset p = parse(MINIMAL + "[audit]\nanchors = \"anchors\"\nanchor_interval_s = 30\nanchor_to_log = true\n" +
            "public_key = \"/etc/horizon/a.pub.pem\"\n");
        assertEquals(Path.of("/presets/anchors"), p.audit().anchors(), "relative to the preset's folder");
        assertEquals(30_000, p.audit().anchorIntervalMs());
        assertEquals("audit.signing_key", p.audit().signingKeySecret());
        assertTrue(p.audit().anchorToLog());
        assertEquals(Path.of("/etc/horizon/a.pub.pem"), p.audit().publicKey());
        assertNull(parse(MINIMAL).audit().anchors(), "no [audit]: no anchors");

        final List<String> secret = errors(MINIMAL + "[audit]\nsigning_key_secret = \"my key!\"\n");
        assertEquals(1, secret.size(), secret::toString);
        assertTrue(secret.get(0).contains("signing_key_secret") && secret.get(0).contains("is not a secret name"), secret::toString);
        final List<String> interval = errors(MINIMAL + "[audit]\nanchor_interval_s = 0\n");
        assertEquals(1, interval.size(), interval::toString);
        assertTrue(interval.get(0).contains("anchor_interval_s"), interval::toString);
    }

    @Test
    void shouldRefuseAnUnknownKeyNamingItAndSuggestingTheClosest()
    {
        final List<String> errors = errors(MINIMAL + "[engine]\nring_sise = 1024\n");

        assertEquals(1, errors.size(), errors::toString);
        assertTrue(errors.get(0).startsWith("test.hz.toml: engine.ring_sise = 1024: unknown key; did you mean ring_size?"),
            errors.get(0));
        assertTrue(errors.get(0).contains("; keys allowed in [engine]: ring_size, wait_strategy, pin,"), errors.get(0));
    }

    @Test
    void shouldRefuseAnUnknownTable()
    {
        final List<String> errors = errors(MINIMAL + "[engin]\nring_size = 1024\n");

        assertTrue(errors.get(0).startsWith("test.hz.toml: engin = { a table }: unknown key; did you mean engine?"), errors.get(0));
    }

    @Test
    void shouldRefuseAnUnknownKeyInsideAnArrayOfTables()
    {
        assertTrue(errors(MINIMAL.replace("tick_size = 0.01", "tick_size = 0.01\ntick = 1")).get(0)
            .startsWith("test.hz.toml: instruments[0].tick = 1: unknown key"));
    }

    @Test
    void shouldRefuseABadValueNamingKeyValueAndWhatIsAllowed()
    {
        assertOneError(MINIMAL + "[engine]\nring_size = 1000\n",
            "test.hz.toml: engine.ring_size = 1000: is not a power of two; use a power of two from 8 to 16777216, e.g. 65536");
        assertOneError(MINIMAL + "[engine]\nwait_strategy = \"spin\"\n",
            "test.hz.toml: engine.wait_strategy = \"spin\": is not allowed; use one of: " +
                "\"backoff\", \"sleeping\", \"blocking\", \"yielding\", \"busy-spin\"");
        assertOneError(MINIMAL + "[engine]\nthreading = \"single\"\n",
            "test.hz.toml: engine.threading = \"single\": is not allowed; use one of: \"auto\", \"shared\", \"dedicated\"");
        assertOneError(MINIMAL + "[engine]\npin = [\"blp\", \"feed\"]\n",
            "test.hz.toml: engine.pin = \"feed\": is not a thread role; use any of: \"journal\", \"blp\", \"gateway\"");
        assertOneError(MINIMAL + "[metrics]\nport = 70000\n",
            "test.hz.toml: metrics.port = 70000: is out of range; use 1 to 65535, e.g. 9100");
        assertOneError(MINIMAL.replace("tick_size = 0.01", "tick_size = 0.0000001"),
            "test.hz.toml: instruments[0].tick_size = 0.0000001: cannot be held exactly; use at most 6 decimal places " +
                "and at most about 9.2e12, e.g. 0.01");
        assertOneError(MINIMAL.replace("tick_size = 0.01", "tick_size = 0"),
            "test.hz.toml: instruments[0].tick_size = 0: must be > 0, e.g. 0.01");
        assertOneError(MINIMAL + "[risk]\nprofile = \"yolo\"\n",
            "test.hz.toml: risk.profile = \"yolo\": is not allowed; use one of: \"conservative\", \"moderate\", \"aggressive\"");
    }

    @Test
    void shouldRefuseAValueOfTheWrongType()
    {
        assertOneError(MINIMAL + "[engine]\nseed = \"42\"\n",
            "test.hz.toml: engine.seed = \"42\": must be a whole number from -9223372036854775808 to 9223372036854775807, e.g. 42");
        assertOneError(MINIMAL + "[metrics]\nenabled = \"yes\"\n",
            "test.hz.toml: metrics.enabled = \"yes\": must be true or false (no quotes)");
        assertOneError("engine = 3\n" + MINIMAL,
            "test.hz.toml: engine = 3: must be a table: [engine]");
    }

    @Test
    void shouldRefuseContradictoryValues()
    {
        assertOneError("mode = \"live\"\n" + MINIMAL,
            "test.hz.toml: mode = \"live\": contradicts venue \"paper\" of kind \"paper\": a paper venue fills against a " +
                "simulated book, not a market. Use mode = \"paper\", or only venues of kind = \"fix\"");
        assertOneError(MINIMAL + "[journal]\nsync = \"batch\"\nsync_interval_ms = 50\n",
            "test.hz.toml: journal.sync_interval_ms = 50: contradicts sync = \"batch\": the interval is only used with " +
                "sync = \"periodic\"; remove it or set sync = \"periodic\"");
        assertOneError(MINIMAL + "[feed]\nkind = \"csv\"\npath = \"ticks.csv\"\nrate = 100\n",
            "test.hz.toml: feed.rate = 100: contradicts kind = \"csv\": a CSV file is replayed at its own pace; " +
                "remove the rate, or use kind = \"synthetic\"");
        assertOneError(MINIMAL + "[feed]\npath = \"ticks.csv\"\n",
            "test.hz.toml: feed.path = \"ticks.csv\": contradicts kind = \"synthetic\": only a CSV feed reads a file; " +
                "remove the path, or use kind = \"csv\"");
        assertOneError(MINIMAL + "[[alerting.sinks]]\nkind = \"log\"\nurl = \"https://example.invalid/hook\"\n",
            "test.hz.toml: alerting.sinks[0].url = \"https://example.invalid/<path hidden>\": contradicts kind = \"log\": a log sink " +
                "sends nothing anywhere; remove it or use kind = \"webhook\"");
    }

    @Test
    void shouldRefuseBadAlertingTablesNamingKeyValueAndFix()
    {
        final String sink = MINIMAL + "[[alerting.sinks]]\n";
        assertOneError(sink + "kind = \"webhook\"\nurl = \"https://\"\n",
            "test.hz.toml: alerting.sinks[0].url = \"https://\": must be an http:// or https:// URL with a host, e.g. " +
                "\"https://hooks.example.com/alerts\" (a URL that holds a token belongs in a secret: secret = \"NAME\")");
        assertOneError(sink + "kind = \"webhook\"\nurl = \"ftp://hooks.example.com/x\"\n",
            "test.hz.toml: alerting.sinks[0].url = \"ftp://hooks.example.com/<path hidden>\": must be an http:// or https:// URL with a " +
                "host, e.g. \"https://hooks.example.com/alerts\" (a URL that holds a token belongs in a secret: secret = \"NAME\")");
        assertOneError(sink + "kind = \"pagerduty\"\nsecret = \"R0UT1NG KEY\"\n",
            "test.hz.toml: alerting.sinks[0].secret = <hidden: 13 characters>: must be the name of a secret, not its value: letters, " +
                "digits, '.', '_' and '-', e.g. \"pagerduty.routing_key\" (see `horizon secrets check`)");
        assertOneError(sink + "kind = \"pagerduty\"\n",
            "test.hz.toml: alerting.sinks[0].secret: PagerDuty needs the name of the secret holding its routing key, " +
                "e.g. secret = \"pagerduty.routing_key\"");
        assertOneError(sink + "kind = \"webhook\"\nurl = \"https://hooks.example.com/a\"\nsecret = \"alert.slack.webhook_url\"\n",
            "test.hz.toml: alerting.sinks[0].url = \"https://hooks.example.com/<path hidden>\": a webhook needs exactly one of " +
                "url = \"https://...\" or secret = \"NAME\" (a secret holding the URL)");
        assertOneError(sink + "kind = \"log\"\n\n[[alerting.sinks]]\nkind = \"log\"\nmin_severity = \"error\"\n",
            "test.hz.toml: alerting.sinks[1].kind = \"log\": a second log sink; list kind = \"log\" once, with the least " +
                "severity to log");
        assertOneError(sink + "kind = \"log\"\nmin_severity = \"fatal\"\n",
            "test.hz.toml: alerting.sinks[0].min_severity = \"fatal\": is not allowed; use one of: \"info\", \"warning\", \"error\", \"critical\"");
        final List<String> unknown = errors(sink + "kind = \"log\"\nmin_sevrity = \"info\"\n");
        assertEquals(1, unknown.size(), unknown::toString);
        assertTrue(unknown.get(0).startsWith("test.hz.toml: alerting.sinks[0].min_sevrity = \"info\": unknown key; " +
            "did you mean min_severity?"), unknown.get(0));
        final List<String> unknownTop = errors(MINIMAL + "[alerting]\nrepeat_window = \"5m\"\n");
        assertTrue(unknownTop.get(0).startsWith("test.hz.toml: alerting.repeat_window = \"5m\": unknown key"), unknownTop.get(0));
    }

    @Test
    void shouldReadSeveralVenuesWithAFixSessionAndTheirRoutes()
    {
        final Preset preset = parse(MINIMAL + String.join("\n",
            "[[venues]]", "name = \"paper\"", "kind = \"paper\"",
            "[[venues]]", "name = \"broker\"", "kind = \"fix\"", "host = \"127.0.0.1\"", "port = 9878",
            "sender_comp_id = \"HORIZON\"", "target_comp_id = \"BROKER\"", "heartbeat_s = 10",
            "reconnect_min_ms = 100", "reconnect_max_ms = 5000", "reset_on_logon = true",
            "username_secret = \"fix.broker.username\"", "password_secret = \"fix.broker.password\"",
            "instruments = [\"AAPL\"]", "accounts = [\"paper\"]", ""));

        assertEquals(2, preset.venues().size());
        final VenueSettings broker = preset.venues().get(1);
        assertEquals(List.of("AAPL"), broker.instruments());
        assertEquals(List.of("paper"), broker.accounts());
        assertEquals(new VenueSettings.Fix("127.0.0.1", 9878, "HORIZON", "BROKER", 10, 100, 5000, true,
            "fix.broker.username", "fix.broker.password", VenueSettings.Fix.DLQ, VenueSettings.Fix.DEFAULT_WAIT_LIMIT_MS,
            VenueSettings.Fix.DEFAULT_WAIT_MAX_ORDERS, VenueSettings.Fix.AUTO, VenueSettings.Fix.THREAD), broker.fix());
        assertNull(preset.venues().get(0).fix());
    }

    @Test
    void shouldReadWhatAFixVenueDoesWithOrdersWhileItsSessionIsDown()
    {
        final String venue = String.join("\n", "[[venues]]", "name = \"broker\"", "kind = \"fix\"",
            "host = \"127.0.0.1\"", "port = 9878", "sender_comp_id = \"HORIZON\"", "target_comp_id = \"BROKER\"", "");
        final VenueSettings.Fix defaults = parse(MINIMAL + venue).venues().get(0).fix();
        assertEquals(VenueSettings.Fix.DLQ, defaults.whenDown());
        assertEquals(30_000, defaults.waitLimitMillis());
        assertEquals(1_024, defaults.waitMaxOrders());

        final VenueSettings.Fix waiting = parse(MINIMAL + venue +
            "when_down = \"wait\"\nwait_limit_ms = 2500\nwait_max_orders = 16\n").venues().get(0).fix();
        assertEquals(VenueSettings.Fix.WAIT, waiting.whenDown());
        assertEquals(2_500, waiting.waitLimitMillis());
        assertEquals(16, waiting.waitMaxOrders());

        final List<String> bad = errors(MINIMAL + venue + "when_down = \"queue\"\nwait_limit_ms = 0\n");
        assertEquals(2, bad.size(), bad::toString);
        assertTrue(bad.get(0).contains("when_down") && bad.get(0).contains("\"queue\"") && bad.get(0).contains("wait"),
            bad.get(0));
        assertTrue(bad.get(1).contains("wait_limit_ms"), bad.get(1));
    }

    @Test
    void shouldReadHowAFixVenueReconcilesItsLiveOrdersAndRefuseAnUnknownWayNamingTheChoices()
    {
        final String venue = String.join("\n", "[[venues]]", "name = \"broker\"", "kind = \"fix\"",
            "host = \"127.0.0.1\"", "port = 9878", "sender_comp_id = \"HORIZON\"", "target_comp_id = \"BROKER\"", "");
        assertEquals(VenueSettings.Fix.AUTO, parse(MINIMAL + venue).venues().get(0).fix().massStatus());
        assertEquals(VenueSettings.Fix.AUTO,
            parse(MINIMAL + venue + "mass_status = \"auto\"\n").venues().get(0).fix().massStatus());
        final Preset off = parse(MINIMAL + venue + "mass_status = \"off\"\n");
        assertEquals(VenueSettings.Fix.OFF, off.venues().get(0).fix().massStatus());
        assertTrue(PresetToml.render(off).contains("mass_status = \"off\""), "written back as read");

        final List<String> bad = errors(MINIMAL + venue + "mass_status = \"none\"\n");
        assertEquals(1, bad.size(), bad::toString);
        assertTrue(bad.get(0).contains("mass_status") && bad.get(0).contains("\"none\"") &&
            bad.get(0).contains("\"auto\"") && bad.get(0).contains("\"off\""), bad.get(0));
    }

    @Test
    void shouldReadWhereAFixVenuesFramerRunsAndRefuseAnUnknownPlaceNamingTheChoices()
    {
        final String venue = String.join("\n", "[[venues]]", "name = \"broker\"", "kind = \"fix\"",
            "host = \"127.0.0.1\"", "port = 9878", "sender_comp_id = \"HORIZON\"", "target_comp_id = \"BROKER\"", "");
        assertEquals(VenueSettings.Fix.THREAD, parse(MINIMAL + venue).venues().get(0).fix().framer());
        final Preset polled = parse(MINIMAL + venue + "framer = \"polled\"\n");
        assertEquals(VenueSettings.Fix.POLLED, polled.venues().get(0).fix().framer());
        assertTrue(PresetToml.render(polled).contains("framer = \"polled\""), "written back as read");

        final List<String> bad = errors(MINIMAL + venue + "framer = \"spin\"\n");
        assertEquals(1, bad.size(), bad::toString);
        assertTrue(bad.get(0).contains("framer") && bad.get(0).contains("\"spin\"") &&
            bad.get(0).contains("\"polled\"") && bad.get(0).contains("\"thread\""), bad.get(0));
    }

    @Test
    void shouldAllowLiveModeOnFixVenuesOnly()
    {
        final String fix = String.join("\n", "[[venues]]", "name = \"broker\"", "kind = \"fix\"", "host = \"h\"",
            "port = 1", "sender_comp_id = \"A\"", "target_comp_id = \"B\"", "");
        assertEquals(TradingMode.LIVE, parse("mode = \"live\"\n" + MINIMAL + fix).mode());
    }

    @Test
    void shouldRefuseBadFixVenuesNamingKeyValueAndFix()
    {
        final String venue = MINIMAL + "[[venues]]\nname = \"broker\"\nkind = \"fix\"\n";
        final String session = "host = \"h\"\nport = 1\nsender_comp_id = \"A\"\ntarget_comp_id = \"B\"\n";
        assertEquals(List.of(
                "test.hz.toml: venues[0].host: is missing; add e.g. host = \"127.0.0.1\"",
                "test.hz.toml: venues[0].port: is missing; the acceptor's port, e.g. port = 9878",
                "test.hz.toml: venues[0].sender_comp_id: is missing; add e.g. sender_comp_id = \"HORIZON\"",
                "test.hz.toml: venues[0].target_comp_id: is missing; add e.g. target_comp_id = \"HZSIM\""),
            errors(venue));
        assertOneError(venue + session + "password_secret = \"hunter 2\"\n",
            "test.hz.toml: venues[0].password_secret = <hidden: 10 characters>: must be the name of a secret, not its value: letters, " +
                "digits, '.', '_' and '-', e.g. \"fix.sim.password\" (see `horizon secrets check`)");
        assertOneError(venue + session + "instruments = [\"TSLA\"]\n",
            "test.hz.toml: venues[0].instruments = \"TSLA\": is not an instrument of this preset; list symbols from [[instruments]]");
        assertOneError(venue + session + "reconnect_min_ms = 500\nreconnect_max_ms = 100\n",
            "test.hz.toml: venues[0].reconnect_max_ms = 100: is below reconnect_min_ms (500); the back-off doubles from " +
                "the minimum up to the maximum");
        assertOneError(MINIMAL + "[[venues]]\nname = \"paper\"\nkind = \"paper\"\nhost = \"h\"\n",
            "test.hz.toml: venues[0].host = \"h\": only a kind = \"fix\" venue has it; remove it");
        assertOneError(MINIMAL + "[[venues]]\nname = \"a\"\nkind = \"paper\"\n[[venues]]\nname = \"a\"\nkind = \"paper\"\n",
            "test.hz.toml: venues[1].name = \"a\": is used by two venues; give each venue its own name");
    }

    @Test
    void shouldRefuseAStrategyForAnAccountThePresetDoesNotHave()
    {
        assertOneError(MINIMAL + "[[strategies]]\nkind = \"market-maker\"\naccount = \"live\"\n",
            "test.hz.toml: strategies[0].account = \"live\": is not an account of this preset; accounts: \"paper\"");
    }

    @Test
    void shouldRefuseDuplicatesAndMissingReferenceData()
    {
        assertOneError(MINIMAL + MINIMAL.substring(0, MINIMAL.indexOf("[[accounts]]")),
            "test.hz.toml: instruments[1].symbol = \"AAPL\": is listed twice; each instrument once");
        final List<String> errors = errors("mode = \"paper\"\n");
        assertEquals(2, errors.size(), errors::toString);
        assertTrue(errors.get(0).startsWith("test.hz.toml: instruments: at least one instrument is required"), errors.get(0));
        assertTrue(errors.get(1).startsWith("test.hz.toml: accounts: at least one account is required"), errors.get(1));
    }

    @Test
    void shouldReportEveryErrorInOnePass()
    {
        final PresetException ex = assertThrows(PresetException.class,
            () -> parse(MINIMAL + "[engine]\nring_size = 1000\nseed = 1.5\ncolour = \"red\"\n"));

        assertEquals(3, ex.errors().size(), ex.errors()::toString);
        assertTrue(ex.getMessage().endsWith("(and 2 more; horizon preset validate FILE lists them all)"), ex.getMessage());
    }

    @Test
    void shouldLocateTomlSyntaxErrors()
    {
        assertOneError(MINIMAL + "[engine]\nseed = \n",
            "test.hz.toml:10:8: Newline not permitted here; this is not valid TOML (https://toml.io)");
        final String duplicate = errors(MINIMAL + "[engine]\nseed = 1\nseed = 2\n").get(0);
        assertTrue(duplicate.matches("test\\.hz\\.toml:1[12]:\\d+: Duplicate key; this is not valid TOML.*"), duplicate);
    }

    @Test
    void shouldNameTheCommandLineOptionThatSetABadValue()
    {
        final PresetException ex = assertThrows(PresetException.class, () -> PresetReader.parse("test.hz.toml", "test.hz.toml",
            MINIMAL, null, PresetOverrides.none().set("engine.ring_size", 100, "--ring-size")));

        assertEquals("test.hz.toml: engine.ring_size = 100 (set by --ring-size): is not a power of two; use a power of two " +
            "from 8 to 16777216, e.g. 65536", ex.getMessage());
    }

    @Test
    void shouldResolveACsvPathAgainstThePresetsFolder()
    {
        final Preset preset = parse(MINIMAL + "[feed]\nkind = \"csv\"\npath = \"data/ticks.csv\"\n");

        assertEquals(Path.of("/presets/data/ticks.csv"), preset.feed().path());
    }

    @Test
    void shouldPassRiskOverridesThroughAsSingleValues()
    {
        final Preset preset = parse(MINIMAL + "[risk]\nprofile = \"aggressive\"\n[risk.overrides]\n" +
            "max_order_quantity = 500\nmax_notional = 250000.5\nallow_short = false\nvenue = \"paper\"\n");

        assertEquals("aggressive", preset.risk().profile());
        assertEquals(500L, preset.risk().overrides().get("max_order_quantity"));
        assertEquals(new BigDecimal("250000.5"), preset.risk().overrides().get("max_notional"));
        assertEquals(false, preset.risk().overrides().get("allow_short"));
        assertEquals("paper", preset.risk().overrides().get("venue"));
        assertOneError(MINIMAL + "[risk.overrides]\nlimits = [1, 2]\n",
            "test.hz.toml: risk.overrides.limits = [1,2]: must be a single string, number or boolean");
    }

    @Test
    void shouldReadAMarketMakerRecordedBeforePacingExistedAsUnpacedSoItsJournalReplaysAsWritten()
    {
        final String strategy = String.join("\n", "", "[[strategies]]", "kind = \"market-maker\"", "account = \"paper\"", "");
        final Preset before = parse(MINIMAL + strategy);
        final Preset paced = parse(MINIMAL + strategy + "pace_orders = true\n");

        assertEquals(false, ((MarketMakerSettings)before.strategies().get(0)).paceOrders());
        assertEquals(true, ((MarketMakerSettings)paced.strategies().get(0)).paceOrders());
        assertTrue(paced.decisionDifference(before).startsWith("strategies"), paced.decisionDifference(before));
    }

    @Test
    void shouldReadItsRecordedFormBackToTheSamePreset()
    {
        for (final String name : EmbeddedPresets.NAMES)
        {
            final Preset original = EmbeddedPresets.parse(name);
            final String recorded = PresetToml.render(original, "a header");
            final Preset reread = PresetReader.parse("recorded", PresetRecord.ACTIVE, recorded, null, PresetOverrides.none());

            assertEquals(recorded, PresetToml.render(reread, "a header"), name);
            assertEquals(original.decisionValues(), reread.decisionValues(), name);
            assertNull(reread.decisionDifference(original), name);
        }
    }

    @Test
    void shouldRecordADescriptionWithQuotesBackslashesAndControlCharactersAndReadItBack()
    {
        final Preset original = PresetReader.parse("test.hz.toml", PresetRecord.ACTIVE,
            "description = \"desk \\\"A\\\" \\\\ night\\tshift\\nline two \\u0001\"\n" + MINIMAL, null,
            PresetOverrides.none());
        assertEquals("desk \"A\" \\ night\tshift\nline two \u0001", original.description());

        final String recorded = PresetToml.render(original);
        final Preset reread = PresetReader.parse("recorded", PresetRecord.ACTIVE, recorded, null, PresetOverrides.none());

        assertEquals(original.description(), reread.description(), recorded);
    }

    @Test
    void shouldTellDecisionKeysFromTuningKeys()
    {
        final Preset base = EmbeddedPresets.paper();
        final Preset tuned = EmbeddedPresets.parse(EmbeddedPresets.PAPER, PresetOverrides.none()
            .set("engine.wait_strategy", "busy-spin", "--wait-strategy")
            .set("engine.threading", "dedicated", "--threading")
            .set("engine.ring_size", 1024, "--ring-size")
            .set("feed.rate", 10.0, "--feed-rate"));
        final Preset reseeded = EmbeddedPresets.parse(EmbeddedPresets.PAPER, PresetOverrides.none().set("engine.seed", 7, "--seed"));
        final Preset wider = PresetReader.parse("wider.hz.toml", "wider.hz.toml",
            EmbeddedPresets.text(EmbeddedPresets.PAPER).replace("half_spread_ticks = 2", "half_spread_ticks = 3"),
            null, PresetOverrides.none());

        assertNull(tuned.decisionDifference(base), "the threading mode, like the wait strategy, decides nothing");
        assertEquals(io.horizon.engine.pipeline.ThreadingMode.DEDICATED, tuned.engine().threading());
        assertEquals("engine.seed = 42 in the recorded preset, 7 in this one", reseeded.decisionDifference(base));
        assertEquals("strategies[0].half_spread_ticks = 2 in the recorded preset, 3 in this one", wider.decisionDifference(base));
    }

    @Test
    void shouldKeepEveryJournalCycleUnlessTheLifecycleIsConfigured()
    {
        assertEquals(JournalLifecycleSettings.KEEP, parse(MINIMAL).journal().lifecycle());

        final JournalLifecycleSettings archive = parse(MINIMAL + "[journal]\nold_cycles = \"archive\"\narchive_dir = \"/srv/archive\"\n" +
            "retention = \"30d\"\nlifecycle_interval_s = 600\nlegal_holds_file = \"holds.txt\"\n").journal().lifecycle();
        assertEquals(io.horizon.journal.lifecycle.LifecycleAction.ARCHIVE, archive.action());
        assertEquals(Path.of("/srv/archive"), archive.archive());
        assertEquals("30d", archive.retention().toString());
        assertEquals(600, archive.intervalSeconds());
        assertEquals(Path.of("/presets/holds.txt"), archive.legalHoldsFile());
        assertEquals(io.horizon.journal.lifecycle.LifecycleAction.DELETE,
            parse(MINIMAL + "[journal]\nold_cycles = \"delete\"\nretention = \"7y\"\n").journal().lifecycle().action());
    }

    @Test
    void shouldRefuseAnIncompleteOrContradictoryJournalLifecycleNamingTheKeyAndTheFix()
    {
        assertOneError(MINIMAL + "[journal]\nold_cycles = \"archive\"\nretention = \"30d\"\n",
            "test.hz.toml: journal.old_cycles = \"archive\": needs archive_dir, a directory outside the state directory for the " +
                "archived cycles, e.g. archive_dir = \"/var/lib/horizon-journal-archive\"");
        assertOneError(MINIMAL + "[journal]\nold_cycles = \"delete\"\n",
            "test.hz.toml: journal.old_cycles = \"delete\": needs retention, how long a journal cycle is kept at least, " +
                "e.g. retention = \"30d\" (days) or \"7y\" (years)");
        assertOneError(MINIMAL + "[journal]\nold_cycles = \"delete\"\nretention = \"soon\"\n",
            "test.hz.toml: journal.retention = \"soon\": is not a retention period; write days or years, e.g. retention = " +
                "\"30d\" or \"7y\"");
        assertOneError(MINIMAL + "[journal]\nretention = \"30d\"\n",
            "test.hz.toml: journal.retention = \"30d\": has no effect while old_cycles = \"keep\" (the default); set " +
                "old_cycles = \"archive\" or \"delete\", or remove it");
        assertOneError(MINIMAL + "[journal]\nold_cycles = \"delete\"\nretention = \"30d\"\narchive_dir = \"/a\"\n",
            "test.hz.toml: journal.archive_dir = \"/a\": is only used with old_cycles = \"archive\"; remove it or set " +
                "old_cycles = \"archive\"");
        assertEquals(1, errors(MINIMAL + "[journal]\nold_cycles = \"shred\"\n").size());
    }
}
