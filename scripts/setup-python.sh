#!/usr/bin/env bash
# Creates .venv-test with the pinned Alembic/SQLModel/psycopg used by the end-to-end tests.
# Idempotent: reuses the venv when its requirements stamp matches.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-test
req=test/python-requirements.txt
stamp="$venv/.requirements.sha256"
want=$(sha256sum "$req" | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$venv/bin/alembic" ]; then
  exit 0
fi
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$req"
echo "$want" > "$stamp"
