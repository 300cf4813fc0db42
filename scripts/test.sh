#!/usr/bin/env bash
# The one test command: installs what the tests need (Debian's Chromium), makes sure the PostgreSQL named by
# TEST_DATABASE_URL is up when one is named, then runs the type check and the linter, the dependency audit (skipped with a message
# when the advisory database is unreachable), unit and integration tests, and the browser journeys.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-chromium.sh
if [ -n "${TEST_DATABASE_URL:-}" ] && command -v pg_isready >/dev/null; then
  if ! pg_isready -d "$TEST_DATABASE_URL" -q; then
    echo "Starting the local PostgreSQL for the tests…"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    for _ in $(seq 1 30); do pg_isready -d "$TEST_DATABASE_URL" -q && break; sleep 1; done
  fi
fi
npm run lint --silent
node scripts/audit-dependencies.mjs
npx vitest run
npx playwright test
