package io.horizon.ops.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.horizon.ops.secrets.FileSecrets;
import io.horizon.ops.secrets.SecretKeys;
import picocli.CommandLine.Option;

/**
 * Options the secrets verbs share: where the state and the credentials file are, which keys are
 * required, explicit environment mappings, and which audit log records the reads.
 */
final class SecretsOptions
{
    @Option(names = "--state", paramLabel = "DIR", defaultValue = "./state",
        description = "State directory of the daemon. Default: ${DEFAULT-VALUE}")
    Path state;

    @Option(names = "--credentials", paramLabel = "FILE",
        description = "Credentials file. Default: STATE/credentials.env")
    Path credentials;

    @Option(names = "--require", paramLabel = "KEYS", split = ",",
        description = "Keys that must be present and non-empty, e.g. alpaca.key,alpaca.secret")
    List<String> required = new ArrayList<>();

    @Option(names = "--postgres",
        description = "Audit the secret reads in the PostgreSQL audit log (the secrets audit.postgres_url, _user, _password " +
            "of the current credentials), in the chain of --writer, instead of STATE/audit.db.")
    boolean postgres;

    @Option(names = "--writer", paramLabel = "ID", description = "With --postgres: the daemon.id whose chain records the reads.")
    String writer;

    @Option(names = "--map", paramLabel = "KEY=VAR",
        description = "Read KEY from environment variable VAR instead of its usual name, e.g. alpaca.key=APCA_API_KEY_ID")
    Map<String, String> mapping = new LinkedHashMap<>();

    Path credentialsFile()
    {
        return credentials != null ? credentials : state.resolve(FileSecrets.FILE_NAME);
    }

    List<String> requiredKeys()
    {
        for (final String key : required)
        {
            SecretKeys.check(key);
        }
        return List.copyOf(required);
    }

    static String user()
    {
        return OperatorIdentity.actor();
    }
}
