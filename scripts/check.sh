#!/usr/bin/env bash
# Type-check and lint side by side: each is mostly one process, and the suite's machines have two cores or more.
# Both run to the end, so one run shows every error; the status is a failure if either failed.
set -uo pipefail
cd "$(dirname "$0")/.."
npm run --silent typecheck &
typecheck=$!
npm run --silent lint
lint=$?
wait "$typecheck"
typecheck=$?
exit $((typecheck || lint))
