package com.storepulse.customerapi;

import com.storepulse.auth.RequestGuard;
import com.storepulse.db.Database;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import jakarta.inject.Singleton;

/** In tests the handler's context gets {@link TestGuard}, replacing the real guard bean if there is one. */
@Factory
class TestGuardBeans {

    @Singleton
    @Replaces(RequestGuard.class)
    RequestGuard testGuard(Database database) {
        return new TestGuard(database.jdbi());
    }
}
