package com.storepulse.alertfanout;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;

/**
 * How this jar's handlers start Micronaut: once, during Lambda init (so SnapStart snapshots it),
 * with micronaut-function-aws' Lambda configuration, and with the handler injected, as
 * {@code MicronautRequestHandler} does (why the handlers do not extend it: {@link AlertFanoutHandler}).
 */
final class LambdaContexts {

    private LambdaContexts() {}

    static ApplicationContext startAndInject(Object handler) {
        ApplicationContextBuilder builder = ApplicationContext.builder();
        LambdaApplicationContextBuilder.setLambdaConfiguration(builder);
        builder.properties(java.util.Map.of(AlertFanoutBeans.FUNCTION_PROPERTY, "alert-fanout"));
        ApplicationContext context = builder.build().start();
        context.inject(handler);
        return context;
    }
}
