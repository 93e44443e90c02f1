#!/usr/bin/env bash
# Load benchmark (BENCHMARKS.md): the product on its embedded PostgreSQL beside a bare Vert.x
# server on the same database, wrk at 1, 4, 32 and 64 connections, ratios to the bare server.
# Loopback only, free ports, a temporary data directory. Needs wrk (apt-get install wrk).
#   bench/load.sh [offers=10000] [seconds=12] [levels=1,4,32,64] [pages=catalogue,...]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "bench/load.sh needs wrk: apt-get install -y wrk" >&2; exit 1; }
mvn -q -DskipTests test-compile
mvn -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" nl.wijkportaal.bench.LoadBenchmark "$@"
