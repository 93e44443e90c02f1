#!/usr/bin/env bash
# Signal intake and triage inbox latency (README, Performance): the application on the embedded
# PostgreSQL; N signals through the partner API, then the inbox pages with N items. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -DskipTests test-compile
mvn -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
java $(grep -o '<hazelcast.jvm.flags>[^<]*' pom.xml | sed 's/<hazelcast.jvm.flags>//') \
  -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  nl.wijkportaal.bench.IntakeAndInboxBenchmark "${1:-5000}" "${2:-40}"
