package com.storepulse.webhooks;

import java.util.Arrays;

/**
 * One key a source's requests may be signed with. For {@link Kind#HMAC}, {@code material} is the
 * secret as the sender holds it (UTF-8 of {@code whsec_...} or of the sender's own secret string);
 * each scheme derives its HMAC key from it ({@link WebhookKeys#hmacKey}). For {@link Kind#ED25519},
 * the sender's 32-byte public key. Never logged: {@link #toString()} names the id only.
 */
public record SigningKey(long secretId, Kind kind, byte[] material) {

    public enum Kind {
        HMAC,
        ED25519;

        public String code() {
            return this == HMAC ? "hmac" : "ed25519";
        }
    }

    public SigningKey {
        material = material.clone();
    }

    @Override
    public byte[] material() {
        return material.clone();
    }

    byte[] materialUnsafe() {
        return material;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SigningKey key
                && key.secretId == secretId
                && key.kind == kind
                && Arrays.equals(key.material, material);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(secretId) * 31 + kind.hashCode();
    }

    @Override
    public String toString() {
        return "SigningKey[" + secretId + ", " + kind.code() + "]";
    }
}
