package io.horizon.ops.preset;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Preset errors name the key and the fix, never the value of something that may be a secret: a
 * token pasted where its name belongs, a webhook URL carrying its token, an unknown key that
 * looks like a credential. (The release before echoed each of them.)
 */
final class PresetSecretEchoTest
{
    private static final String MINIMAL = String.join("\n",
        "[[instruments]]", "symbol = \"AAPL\"", "tick_size = 0.01", "reference_price = 190", "",
        "[[accounts]]", "name = \"paper\"", "starting_cash = 1000", "");
    private static final String TOKEN = "T0KEN-0123456789abcdef";

    private static List<String> errors(final String text)
    {
        return assertThrows(PresetException.class, () -> PresetReader.parse("test.hz.toml", "test.hz.toml", text,
            Path.of("/presets"), PresetOverrides.none())).errors();
    }

    @Test
    void shouldNotEchoATokenPastedWhereTheSecretsNameBelongs()
    {
        final List<String> errors = errors(MINIMAL + "[alerting]\n[[alerting.sinks]]\nkind = \"pagerduty\"\nsecret = \"" +
            TOKEN + " /x\"\n");
        assertTrue(errors.toString().contains("alerting.sinks[0].secret = <hidden: 27 characters>: must be the name of a secret"),
            errors.toString());
        assertFalse(errors.toString().contains(TOKEN), errors.toString());
    }

    @Test
    void shouldNotEchoAWebhookUrlThatMayHoldItsToken()
    {
        final List<String> errors = errors(MINIMAL + "[alerting]\n[[alerting.sinks]]\nkind = \"webhook\"\nurl = \"hooks.example.com/" +
            TOKEN + "\"\n");
        assertTrue(errors.toString().contains("alerting.sinks[0].url = <hidden: 42 characters, not a URL>"), errors.toString());
        assertFalse(errors.toString().contains(TOKEN), errors.toString());
    }

    @Test
    void shouldShowAWebhookUrlOnlyUpToItsHost()
    {
        final List<String> errors = errors(MINIMAL + "[alerting]\n[[alerting.sinks]]\nkind = \"log\"\nurl = \"https://hooks.example.com/" +
            TOKEN + "\"\n");
        assertTrue(errors.toString().contains("alerting.sinks[0].url = \"https://hooks.example.com/<path hidden>\""), errors.toString());
        assertFalse(errors.toString().contains(TOKEN), errors.toString());
    }

    @Test
    void shouldNotEchoTheValueOfAnUnknownKeyThatLooksLikeACredential()
    {
        final List<String> errors = errors(MINIMAL + "[engine]\napi_token = \"" + TOKEN + "\"\n");
        assertTrue(errors.toString().contains("api_token = <hidden:") && errors.toString().contains("unknown key"), errors.toString());
        assertFalse(errors.toString().contains(TOKEN), errors.toString());
    }
}
