#!/usr/bin/env bash
# Chat delivery under load (README, Performance): two clustered nodes started as the product
# (Main, each in a JVM of its own, Hazelcast on 127.0.0.1) on one PostgreSQL, the benchmark's
# WebSocket clients in this JVM. N conversations with the resident on node one and the worker on
# node two, R messages each, one every INTERVAL ms. Reports resident -> worker latency
# p50/p99/max, lost and doubled, and a resume of every conversation through node two.
# Extra name=value arguments: out=DIR, nodeJvm="-Xmx384m ...", poolSize=8. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -DskipTests test-compile
mvn -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
java ${JAVA_OPTS:-} -Xmx1g \
  -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  nl.wijkportaal.bench.ChatBenchmark "${1:-500}" "${2:-5}" "${3:-2000}" "${@:4}"
