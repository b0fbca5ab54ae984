package com.storepulse.bench.coldstart;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.storepulse.devservers.LambdaContextStandIn;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The classpath a child JVM gets after the function jar: only what the runner needs (its own classes,
 * the runtime's serializers, lambda-core and the devservers jar for the Lambda context stand-in),
 * found from where this JVM loaded them. The event
 * classes (aws-lambda-java-events and its joda-time) come from the function jar, as on Lambda.
 * Deliberately not the whole bench classpath: extra jars would cost a framework that scans the
 * classpath (Micronaut reads META-INF entries of every jar) and blur the comparison.
 */
final class RunnerClasspath {

    private RunnerClasspath() {}

    static String entries() {
        return List.of(
                        FirstInvocationRunner.class,
                        LambdaEventSerializers.class,
                        RequestHandler.class,
                        LambdaContextStandIn.class)
                .stream()
                .map(RunnerClasspath::locationOf)
                .distinct()
                .map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static Path locationOf(Class<?> type) {
        try {
            return Path.of(
                    type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot tell where " + type.getName() + " was loaded from", e);
        }
    }
}
