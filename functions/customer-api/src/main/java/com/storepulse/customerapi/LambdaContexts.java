package com.storepulse.customerapi;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;

/**
 * How this jar's handlers start Micronaut: once, during Lambda init (so SnapStart snapshots it),
 * with micronaut-function-aws' Lambda configuration, and with the handler injected (why the
 * handlers do not extend {@code MicronautRequestHandler}: {@link com.storepulse.http.ApiGatewayHandler}).
 */
final class LambdaContexts {

    private LambdaContexts() {}

    /** The builder of this jar's context. */
    static ApplicationContextBuilder builder() {
        return new LambdaApplicationContextBuilder();
    }

    static ApplicationContext startAndInject(Object handler) {
        ApplicationContext context = builder().build().start();
        context.inject(handler);
        return context;
    }
}
