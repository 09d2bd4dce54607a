#!/usr/bin/env bash
# Runs one benchmark program against the local services, e.g.
#   scripts/bench.sh CacheBenchmark
#   BENCH_JAVA_OPTS="-Dbench.queueType=quorum" scripts/bench.sh MessagingBenchmark
# Benchmarks live in src/test/java/org/ofclustering/bench and print their figures next to the
# physical limit they measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/bench.sh <BenchmarkClass> [args...]}; shift
bash scripts/services.sh >/dev/null
mvn -q -B -ntp test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test >/dev/null
cp="target/test-classes:target/classes:openfire-api/target/classes:$(cat target/test-classpath.txt)"
# BENCH_JAVA_OPTS: system properties of the benchmark, e.g. "-Dbench.persistent=false"
exec java -Xmx512m ${BENCH_JAVA_OPTS:-} -cp "$cp" "org.ofclustering.bench.$name" "$@"
