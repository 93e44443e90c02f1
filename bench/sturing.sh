#!/usr/bin/env bash
# The dashboard (/sturing) over a year of generated history (README, Performance): the application
# on the embedded PostgreSQL with N items from the demo generator (default 200,000). Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -DskipTests test-compile
mvn -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
java ${JAVA_OPTS:-} $(grep -o '<hazelcast.jvm.flags>[^<]*' pom.xml | sed 's/<hazelcast.jvm.flags>//') \
  -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  nl.wijkportaal.bench.SturingBenchmark "${1:-200000}" "${2:-20}"
