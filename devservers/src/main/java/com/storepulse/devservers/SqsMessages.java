package com.storepulse.devservers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** What an SQS stand-in must compute as SQS does: the SDK checks it on every SendMessage answer. */
public final class SqsMessages {

    private SqsMessages() {}

    /** {@code MD5OfMessageBody} / {@code md5OfBody}: hex MD5 of the body's UTF-8 bytes. */
    public static String md5OfBody(String body) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
