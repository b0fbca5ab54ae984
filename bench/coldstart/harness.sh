#!/usr/bin/env bash
# Runs the cold-start harness (com.storepulse.bench.coldstart.ColdStartBenchmark) with the given
# arguments, after building bench and writing its classpath to bench/target/classpath.txt.
# The reactor build (-am package, no tests) also leaves the real function jars in
# functions/*/target/*-lambda.jar. Set SKIP_BUILD=1 to reuse the last build.
#   bench/coldstart/harness.sh --jar functions/customer-api/target/customer-api-lambda.jar \
#       --handler com.storepulse.customerapi.CustomerApiHandler --event events/customer-api-health.json \
#       --env DATABASE_URL=postgres://root@127.0.0.1:5432/test --runs 5
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${JAVA_HOME:?set JAVA_HOME to a JDK 21 or newer}"
export JAVA_HOME
if [ -z "${SKIP_BUILD:-}" ]; then
  # dependency:build-classpath needs every module packaged (the shared test-jar), hence package.
  ./mvnw -B -q -pl bench -am package -DskipTests \
    org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
fi
exec "$JAVA_HOME/bin/java" -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  com.storepulse.bench.coldstart.ColdStartBenchmark "$@"
