#!/usr/bin/env bash
# Catalogue search latency (README, Performance): the application on the embedded PostgreSQL,
# first at the demo size, then with 10,000 generated offers. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -DskipTests test-compile
mvn -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
java $(grep -o '<hazelcast.jvm.flags>[^<]*' pom.xml | sed 's/<hazelcast.jvm.flags>//') \
  -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  nl.wijkportaal.bench.CatalogueSearchBenchmark "${1:-10000}" "${2:-100}"
