package com.storepulse.snapstart;

import java.util.ArrayList;
import java.util.List;
import org.crac.Context;
import org.crac.Resource;

/**
 * A CRaC context without a CRaC JVM: it calls its resources the way the JDK's global context
 * does (before checkpoint in reverse order of registration, after restore in order).
 */
final class RecordingContext extends Context<Resource> {

    private final List<Resource> resources = new ArrayList<>();

    @Override
    public void register(Resource resource) {
        resources.add(resource);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        for (Resource resource : resources.reversed()) {
            try {
                resource.beforeCheckpoint(this);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        for (Resource resource : resources) {
            try {
                resource.afterRestore(this);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    int size() {
        return resources.size();
    }
}
