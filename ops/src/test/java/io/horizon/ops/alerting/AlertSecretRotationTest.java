package io.horizon.ops.alerting;

import java.util.List;
import java.util.Map;

import io.horizon.engine.counter.EngineCounters;
import io.horizon.ops.preset.AlertSinkSettings;
import io.horizon.ops.preset.AlertingSettings;
import io.horizon.ops.secrets.EnvironmentSecrets;
import io.horizon.ops.secrets.Secrets;
import io.horizon.ops.secrets.SecretsVerifier;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Alert sinks whose webhook URL comes from a secret take a rotated value from the next alert on,
 * and keep the old one (saying so) when the rotated value is not a URL.
 */
final class AlertSecretRotationTest
{
    private static final String KEY = "alert.webhook.url";

    @Test
    void shouldPostToTheRotatedWebhookAfterTheSecretsRotate() throws Exception
    {
        try (AlertReceiver before = new AlertReceiver(); AlertReceiver after = new AlertReceiver())
        {
            final Secrets secrets = secrets(before.uri("/hook").toString());
            final DaemonAlerting alerting = DaemonAlerting.open(webhookFromSecret(), secrets, new EngineCounters(), "horizon@test");
            try
            {
                alerting.sink().send(Severity.ERROR, "first", "to the old hook", Map.of());
                assertEquals("/hook", before.next().path());

                secrets.rotate(() -> new EnvironmentSecrets(Map.of("ALERT_WEBHOOK_URL", after.uri("/rotated").toString()), Map.of()),
                    SecretsVerifier.requireKeys(List.of(KEY)), false);
                alerting.secretsRotated(secrets);
                alerting.sink().send(Severity.ERROR, "second", "to the new hook", Map.of());

                assertEquals("/rotated", after.next().path());
                assertEquals(0, before.received(), "nothing more went to the retired hook");
            }
            finally
            {
                alerting.close();
            }
        }
    }

    @Test
    void shouldKeepTheOldWebhookAndSayWhyWhenTheRotatedValueIsNotAUrl() throws Exception
    {
        try (AlertReceiver hook = new AlertReceiver())
        {
            final Secrets secrets = secrets(hook.uri("/hook").toString());
            final DaemonAlerting alerting = DaemonAlerting.open(webhookFromSecret(), secrets, new EngineCounters(), "horizon@test");
            try
            {
                secrets.rotate(() -> new EnvironmentSecrets(Map.of("ALERT_WEBHOOK_URL", "s3cr3t-not-a-url"), Map.of()),
                    SecretsVerifier.requireKeys(List.of(KEY)), false);
                alerting.secretsRotated(secrets);

                final String refusal = new String(hook.next().body(), java.nio.charset.StandardCharsets.UTF_8);
                assertTrue(refusal.contains("Alert sink kept its old secret"), refusal);
                assertTrue(refusal.contains(KEY), refusal);
                assertTrue(!refusal.contains("s3cr3t-not-a-url"), "the value never appears: " + refusal);
            }
            finally
            {
                alerting.close();
            }
        }
    }

    private static Secrets secrets(final String url)
    {
        return new Secrets(new EnvironmentSecrets(Map.of("ALERT_WEBHOOK_URL", url), Map.of()), (k, f, a) -> { }, "system");
    }

    private static AlertingSettings webhookFromSecret()
    {
        return new AlertingSettings(List.of(
            new AlertSinkSettings("log", "info", null, null),
            new AlertSinkSettings("webhook", "info", null, KEY)));
    }
}
