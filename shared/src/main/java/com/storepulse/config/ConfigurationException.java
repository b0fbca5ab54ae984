package com.storepulse.config;

/** A setting is missing or malformed. Messages name the setting, never its value. */
public class ConfigurationException extends RuntimeException {
    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
