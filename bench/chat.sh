#!/usr/bin/env bash
# Chat delivery under load (README, Performance): two clustered nodes on the embedded PostgreSQL,
# N conversations with the resident on node one and the worker on node two, R messages each,
# one every INTERVAL ms. Reports resident -> worker latency p50/p99/max, lost and doubled. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -o -DskipTests test-compile
mvn -q -o org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
java ${JAVA_OPTS:-} $(grep -o '<hazelcast.jvm.flags>[^<]*' pom.xml | sed 's/<hazelcast.jvm.flags>//') -Xmx2g \
  -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  nl.wijkportaal.bench.ChatBenchmark "${1:-500}" "${2:-5}" "${3:-2000}"
