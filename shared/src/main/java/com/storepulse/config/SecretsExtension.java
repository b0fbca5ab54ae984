package com.storepulse.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Function;

/**
 * The AWS Parameters and Secrets Lambda Extension (a Lambda layer of every function), reached on
 * its local HTTP endpoint: {@code GET /secretsmanager/get?secretId=...} answers what Secrets
 * Manager's GetSecretValue answers, {@code GET /systemsmanager/parameters/get?name=...} what SSM's
 * GetParameter answers. The extension signs and sends those calls with the function's role, so
 * no AWS SDK is needed in the function jar (docs/architecture.md, "Jar sizes").
 *
 * <ul>
 *   <li>Every request carries the extension's SSRF token in {@code X-Aws-Parameters-Secrets-Token}:
 *       {@code AWS_SESSION_TOKEN}; a SnapStart version has no session token in its environment,
 *       only the container credentials' {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}, which is sent
 *       then.</li>
 *   <li>The port is {@code PARAMETERS_SECRETS_EXTENSION_HTTP_PORT} (the extension's own setting,
 *       default 2773); tests point it at a stand-in.</li>
 *   <li>Messages name the secret and the HTTP status, never a value.</li>
 * </ul>
 */
final class SecretsExtension {

    static final String PORT_SETTING = "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT";
    static final int DEFAULT_PORT = 2773;
    static final String TOKEN_HEADER = "X-Aws-Parameters-Secrets-Token";

    private static final int CONNECT_TIMEOUT_MS = 1_000;
    /** The extension calls AWS on a miss (and its cache is off): a cold call can take seconds. */
    private static final int READ_TIMEOUT_MS = 10_000;

    private final URI base;
    private final String token;

    SecretsExtension(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** From the Lambda environment; a configuration error where there is no token (not on Lambda). */
    static SecretsExtension fromEnvironment(Function<String, String> env) {
        String token = firstSet(env, "AWS_SESSION_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN");
        if (token == null) {
            throw new ConfigurationException("secret references are resolved by the AWS Parameters and Secrets"
                    + " Lambda Extension, on Lambda only: neither AWS_SESSION_TOKEN nor"
                    + " AWS_CONTAINER_AUTHORIZATION_TOKEN is set here");
        }
        String port = env.apply(PORT_SETTING);
        int parsed;
        try {
            parsed = port == null || port.isBlank() ? DEFAULT_PORT : Integer.parseInt(port.strip());
        } catch (NumberFormatException e) {
            throw new ConfigurationException("setting " + PORT_SETTING + " is not a port number");
        }
        return new SecretsExtension(URI.create("http://localhost:" + parsed), token);
    }

    private static String firstSet(Function<String, String> env, String... names) {
        for (String name : names) {
            String value = env.apply(name);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    /** GetSecretValue: the secret's string, or its binary read as UTF-8; null if it has neither. */
    String secret(String secretId) {
        JsonNode response = get("/secretsmanager/get?secretId=" + encode(secretId), "secretsmanager:" + secretId);
        JsonNode string = response.get("SecretString");
        if (string != null && !string.isNull()) {
            return string.asText();
        }
        JsonNode binary = response.get("SecretBinary");
        if (binary != null && !binary.isNull()) {
            return new String(Base64.getDecoder().decode(binary.asText()), StandardCharsets.UTF_8);
        }
        return null;
    }

    /** GetParameter with decryption (SecureString parameters come back in clear). */
    String parameter(String name) {
        JsonNode response =
                get("/systemsmanager/parameters/get?name=" + encode(name) + "&withDecryption=true", "ssm:" + name);
        JsonNode value = response.path("Parameter").get("Value");
        return value == null || value.isNull() ? null : value.asText();
    }

    private JsonNode get(String pathAndQuery, String reference) {
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) base.resolve(pathAndQuery).toURL().openConnection();
            connection.setRequestMethod("GET");
            connection.setConnectTimeout(CONNECT_TIMEOUT_MS);
            connection.setReadTimeout(READ_TIMEOUT_MS);
            connection.setRequestProperty(TOKEN_HEADER, token);
            connection.setRequestProperty("Connection", "close");
            int status = connection.getResponseCode();
            if (status != 200) {
                throw new ConfigurationException(
                        "cannot fetch secret " + reference + ": " + describeError(status, connection));
            }
            try (InputStream body = connection.getInputStream()) {
                return Json.mapper().readTree(body);
            }
        } catch (IOException e) {
            // Connection refused: no extension layer on this function, or it has not started.
            throw new ConfigurationException("cannot fetch secret " + reference + " from the Parameters and Secrets"
                    + " extension at " + base + ": " + e.getClass().getSimpleName());
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    /** HTTP status plus the AWS error type when the body names one; never the body itself. */
    private static String describeError(int status, HttpURLConnection connection) {
        String type = null;
        try (InputStream error = connection.getErrorStream()) {
            if (error != null) {
                JsonNode body = Json.mapper().readTree(error);
                if (body != null && body.hasNonNull("__type")) {
                    type = body.get("__type").asText();
                }
            }
        } catch (IOException e) {
            // Not JSON: the status says enough.
        }
        String kind = type == null ? null : type.substring(type.lastIndexOf('#') + 1);
        return kind == null ? "HTTP " + status : kind + " (HTTP " + status + ")";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "SecretsExtension[" + base + "]";
    }
}
