package com.storepulse.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/** Signs test deliveries the way each scheme's senders do (independently of the verifier's code paths). */
public final class TestSigner {

    private TestSigner() {}

    public static String standardV1(String secret, String id, long timestamp, String body) {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        return "v1," + Base64.getEncoder().encodeToString(hmac(key, id + "." + timestamp + "." + body));
    }

    public static Map<String, String> standardHeaders(String signature, String id, long timestamp) {
        return Map.of(
                "webhook-id",
                id,
                "webhook-timestamp",
                Long.toString(timestamp),
                "webhook-signature",
                signature,
                "content-type",
                "application/json");
    }

    public static String shopify(String secret, String body) {
        return Base64.getEncoder().encodeToString(hmac(secret.getBytes(StandardCharsets.UTF_8), body));
    }

    public static String stripe(String secret, long timestamp, String body) {
        return "t=" + timestamp + ",v1="
                + HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), timestamp + "." + body));
    }

    public static KeyPair ed25519KeyPair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The raw 32-byte public key (the last 32 bytes of its X.509 encoding) as whpk_. */
    public static String whpk(KeyPair pair) {
        byte[] encoded = pair.getPublic().getEncoded();
        return WebhookKeys.formatPublicKey(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
    }

    public static String standardV1a(PrivateKey key, String id, long timestamp, String body) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1a," + Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String content) {
        return SignatureVerifier.hmac(key, content.getBytes(StandardCharsets.UTF_8));
    }
}
