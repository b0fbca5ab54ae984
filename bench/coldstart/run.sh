#!/usr/bin/env bash
# The A/B cold-start measurement of docs/cold-start.md: builds both prototypes (standalone Maven
# projects, parent pom read through relativePath, nothing installed) and measures them
# interleaved, with the no-op floor, under both JVM configurations.
#   bench/coldstart/run.sh              # 7 measured runs each, 1 warm-up
#   bench/coldstart/run.sh --runs 5     # extra arguments go to ColdStartBenchmark
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${JAVA_HOME:?set JAVA_HOME to a JDK 21 or newer}"
export JAVA_HOME
for variant in handler proxy; do
  # clean: shade would otherwise wrap an already-shaded jar again (build-notes)
  ./mvnw -B -q -f "bench/coldstart/$variant-variant/pom.xml" clean package
done
exec bench/coldstart/harness.sh \
  --jar bench/coldstart/handler-variant/target/handler-variant-lambda.jar --name "A handler + router" \
  --handler com.storepulse.coldstart.handler.StoreApiHandler --event bench/coldstart/events/get-store.json \
  --jar bench/coldstart/proxy-variant/target/proxy-variant-lambda.jar --name "B api-proxy @Controller" \
  --handler io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction \
  --floor --runs 7 --warmup 1 "$@"
