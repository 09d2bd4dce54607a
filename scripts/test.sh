#!/usr/bin/env bash
# The whole test suite: starts the services the integration tests need, then runs
# unit tests, builds target/clustering.jar and runs the integration tests ("mvn verify").
# Extra arguments go to Maven, e.g. scripts/test.sh -Dit.test=ClusteredMapIT
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/services.sh
exec mvn -B -ntp verify "$@"
