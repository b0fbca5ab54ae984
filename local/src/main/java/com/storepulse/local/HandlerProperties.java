package com.storepulse.local;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The system properties a stack sets for its handlers (Settings reads them: a running JVM's
 * environment cannot be changed). They are global to the JVM, so a stack puts back what it
 * replaced when it closes: an earlier stack in the same JVM (tests start a second one) then reads
 * its own database and queue again, not those of a stack that is gone.
 */
final class HandlerProperties {

    private final List<String> keys = new ArrayList<>();
    private final Map<String, String> previous = new HashMap<>();
    private final Map<String, String> ours = new HashMap<>();

    void set(String key, String value) {
        remember(key);
        ours.put(key, value);
        System.setProperty(key, value);
    }

    void clear(String key) {
        remember(key);
        ours.put(key, null);
        System.clearProperty(key);
    }

    private void remember(String key) {
        if (!previous.containsKey(key)) {
            keys.add(key);
            previous.put(key, System.getProperty(key));
        }
    }

    /** Puts back each property this stack changed, unless a later stack has changed it since. */
    void restore() {
        for (String key : keys.reversed()) {
            String current = System.getProperty(key);
            String mine = ours.get(key);
            if (current == null ? mine != null : !current.equals(mine)) {
                continue;
            }
            String before = previous.get(key);
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }
}
