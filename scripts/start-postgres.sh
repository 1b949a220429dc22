#!/usr/bin/env bash
# Starts the local PostgreSQL cluster that the store tests use (Debian's postgresql package), and
# makes sure the role the tests log in as exists. Idempotent; needs root.
set -euo pipefail

version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q .; then
    pg_createcluster "$version" main >/dev/null
fi
cluster=$(pg_lsclusters -h | awk 'NR == 1 { print $1 " " $2 }')
if ! pg_lsclusters -h | awk 'NR == 1 { exit $4 == "online" ? 0 : 1 }'; then
    pg_ctlcluster $cluster start
fi

for _ in $(seq 1 30); do
    su postgres -c "psql -qAtc 'SELECT 1'" >/dev/null 2>&1 && break
    sleep 1
done

su postgres -c "psql -qAt" <<'SQL' >/dev/null
DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'palisade') THEN
        CREATE ROLE palisade LOGIN PASSWORD 'palisade' CREATEDB;
    END IF;
END $$;
SQL
