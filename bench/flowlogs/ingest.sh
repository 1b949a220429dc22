#!/usr/bin/env bash
# The server's cost of flow-log ingest (docs/flow-logs.md): a real server over a temporary SQLite
# file takes N batches of 500 records (the agent's default batch) on one port; prints the request
# time per batch and the rate of records stored, then a filtered page read from the full table.
# Usage: bench/flowlogs/ingest.sh [batches]   (after dotnet build -c Release)
set -euo pipefail
batches=${1:-200}
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=$(mktemp -d)
token=ingest-bench-token
port=$((20000 + RANDOM % 20000))
url=http://127.0.0.1:$port
dotnet "$root/src/Palisade.Server/bin/Release/net10.0/Palisade.Server.dll" --Palisade:Urls=$url --Palisade:Database=$dir/p.db \
  --PALISADE_ADMIN_TOKEN=$token --Logging:LogLevel:Default=Warning >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do curl -sf $url/healthz >/dev/null && break; sleep 0.2; done
api() { curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
project=$(api -X POST $url/api/v1/projects -d '{"name":"bench"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
network=$(api -X POST $url/api/v1/networks -d "{\"project_id\":\"$project\",\"name\":\"n\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
portid=$(api -X POST $url/api/v1/ports -d "{\"project_id\":\"$project\",\"network_id\":\"$network\",\"host\":\"hv\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
python3 - "$portid" > $dir/batch.json <<'PY'
import json, sys, datetime
now = datetime.datetime.now(datetime.timezone.utc).isoformat()
print(json.dumps({"records": [{"port_id": sys.argv[1], "direction": "ingress", "verdict": "drop", "protocol": 17,
  "source": f"198.51.{i // 250}.{i % 250}", "destination": "198.18.0.10", "source_port": 40000 + i, "destination_port": 53,
  "packets": 3, "bytes": 180, "first_seen": now, "last_seen": now} for i in range(500)]}))
PY
echo "machine: $(nproc) cores, $(uname -r), $(date -u +%FT%TZ); $batches batches of 500 records"
start=$(date +%s.%N)
for _ in $(seq "$batches"); do
  api -o /dev/null -w '%{time_total}\n' -X POST $url/api/v1/hosts/hv/flow-logs --data-binary @$dir/batch.json
done > $dir/times.txt
end=$(date +%s.%N)
python3 - "$dir/times.txt" "$start" "$end" "$batches" <<'PY'
import sys, statistics
t = sorted(float(x) * 1000 for x in open(sys.argv[1]))
elapsed = float(sys.argv[3]) - float(sys.argv[2])
print(f"POST of 500 records: p50 {t[len(t)//2]:.1f} ms, p99 {t[int(len(t)*0.99)-1]:.1f} ms; {int(sys.argv[4])*500/elapsed:,.0f} records/s stored (one client)")
PY
echo "GET /api/v1/flow-logs?port_id=...&verdict=drop&limit=100 over $((batches * 500)) records: $(api -o /dev/null -w '%{time_total}' "$url/api/v1/flow-logs?port_id=$portid&verdict=drop&limit=100") s; last page by cursor: $(api -o /dev/null -w '%{time_total}' "$url/api/v1/flow-logs?port_id=$portid&cursor=$((batches * 500 - 50))&limit=100") s"
