#!/usr/bin/env bash
# Runs every Palisade test. On a fresh Debian machine with only the .NET SDK it first installs
# what the tests need (Debian packages through apt-get, NuGet packages through restore), so this
# one command is all a newcomer and CI run.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-test-deps.sh
scripts/start-postgres.sh

dotnet build Palisade.slnx -c Release -nologo -clp:ErrorsOnly

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
# Test projects run in parallel (one per core); tests inside a project parallelise per collection.
dotnet test Palisade.slnx -c Release --no-build -nologo -m:2 \
    --logger "console;verbosity=minimal" --results-directory artifacts/test-results 2>&1 | tee "$log" || status=$?

# One plain closing line, summed over every test project.
awk '/(Passed|Failed)! +- +Failed:/ {
        gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
