#!/usr/bin/env bash
# Pages benchmark (BENCHMARKS.md): home, offer page, aanmelding step, status page, inbox with
# 5,000 open items and item page, each against its bare Vert.x counterpart on the same database
# (wrk, bare server and product back to back per level), then the signals API in durable
# submissions per second. Loopback only, free ports, a temporary data directory. Needs wrk.
#   bench/pages.sh [seconds=10] [levels=4,64] [rounds=1] [items=5000] [signalLevels=16,64] [pages=home,...]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "bench/pages.sh needs wrk: apt-get install -y wrk" >&2; exit 1; }
mvn -q -DskipTests test-compile
mvn -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" nl.wijkportaal.bench.PagesBenchmark "$@"
