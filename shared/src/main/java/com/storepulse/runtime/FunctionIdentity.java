package com.storepulse.runtime;

/** Which function this instance is (metrics dimension, logs); each function module declares one. */
public record FunctionIdentity(String name) {}
