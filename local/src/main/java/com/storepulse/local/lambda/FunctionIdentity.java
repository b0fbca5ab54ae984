package com.storepulse.local.lambda;

/** A function's name and ARN in the local account (region from AWS_REGION, account 000000000000). */
public record FunctionIdentity(String name, String region) {

    public static final String ACCOUNT = "000000000000";
    public static final String VERSION = "$LATEST";

    public String arn() {
        return arn(name, region);
    }

    public static String arn(String name, String region) {
        return "arn:aws:lambda:" + region + ":" + ACCOUNT + ":function:" + name;
    }
}
