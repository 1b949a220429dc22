#!/usr/bin/env python3
"""Issue 13 step 0: many agents' long polls woken by one write, two server builds side by side.

Seeds one cloud once (--hosts hosts, --ports ports spread over them, --groups groups of
--rules-per-group rules, each port in two groups, each group's first rule naming the next group as
remote group), through the native API of the first build, then for each repeat and each build:
starts the build over a copy of the seeded store (SQLite file, or a PostgreSQL database made from
the seeded one as template), parks N long polls (agent i polls host i mod hosts on its own
keep-alive connection), and for each of --writes writes (one rule added):
  - answer delay: time from sending the write to each poll's answer (p50, p99 over every answer),
    and to the last one (all answered);
  - server CPU (user + system, /proc/PID/stat) from the write to the last answer;
  - non-200 answers (e.g. HTTP 500 when the PostgreSQL pool is exhausted);
  - snapshot reads per write: palisade_snapshot_reads_total where the build exports it, and on
    PostgreSQL sequential scans of the rules table (pg_stat_user_tables), which only the whole-store
    snapshot read makes (the statistics are flushed by idle backends, so they are read once after
    the writes and a pause, less the one read of the agents' first answer, and divided by the writes).
After each write the agents poll again with the revision they got, as palisade-agent does.
Usage: feed_polls.py --build main=/tmp/feedbase/src/Palisade.Server/bin/Release/net10.0/Palisade.Server.dll \
           --build branch=src/Palisade.Server/bin/Release/net10.0/Palisade.Server.dll \
           [--postgres "Host=127.0.0.1;Username=palisade;Password=palisade"] [--pool 5] \
           [--polls 100,1000] [--writes 5] [--repeats 2] [--hosts 100 --ports 10000 --groups 100 --rules-per-group 100]
"""
import argparse, asyncio, http.client, json, os, re, shutil, socket, subprocess, sys, tempfile, threading, time, uuid

ADMIN = "bench-admin-token"
TICKS = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Api:
    def __init__(self, port):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)

    def call(self, method, path, body=None):
        headers = {"Authorization": f"Bearer {ADMIN}"}
        data = None
        if body is not None:
            data = json.dumps(body)
            headers["Content-Type"] = "application/json"
        for attempt in range(2):
            try:
                self.conn.request(method, path, data, headers)
                response = self.conn.getresponse()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        text = response.read()
        if response.status >= 300:
            raise RuntimeError(f"{method} {path}: {response.status} {text[:300]!r}")
        return json.loads(text) if text else None


def pg_parts(conn):
    parts = dict(p.split("=", 1) for p in conn.split(";") if p)
    return {k.lower(): v for k, v in parts.items()}


def psql(conn, sql, database="postgres"):
    p = pg_parts(conn)
    env = dict(os.environ, PGPASSWORD=p.get("password", ""))
    out = subprocess.run(["psql", "-h", p.get("host", "127.0.0.1"), "-U", p.get("username", "postgres"), "-d", database, "-At", "-c", sql],
                         env=env, check=True, capture_output=True, text=True)
    return out.stdout.strip()


class Server:
    def __init__(self, dll, store_args):
        self.port = free_port()
        self.process = subprocess.Popen(["dotnet", dll, f"--Palisade:Urls=http://127.0.0.1:{self.port}", f"--PALISADE_ADMIN_TOKEN={ADMIN}",
                                         "--Logging:LogLevel:Default=Warning", *store_args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(1200):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("server did not start")

    def cpu_seconds(self):
        with open(f"/proc/{self.process.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS

    def stop(self):
        self.process.terminate()
        self.process.wait()


def seed(api, args):
    project = api.call("POST", "/api/v1/projects", {"name": "feed-" + uuid.uuid4().hex[:6]})["id"]
    api.call("PUT", f"/api/v1/quotas/{project}", {"security_groups": -1, "rules_per_group": -1, "groups_per_port": -1})
    network = api.call("POST", "/api/v1/networks", {"project_id": project, "name": "bench"})["id"]
    subnet = api.call("POST", "/api/v1/subnets", {"network_id": network, "cidr": "10.0.0.0/8", "intra_subnet_allowed": False})["id"]
    groups = [api.call("POST", "/api/v1/security-groups", {"project_id": project, "name": f"g{g}"})["id"] for g in range(args.groups)]
    for g, group in enumerate(groups):
        rules = [{"direction": "ingress", "protocol": "tcp", "port_range_min": 22, "port_range_max": 22, "remote_group_id": groups[(g + 1) % len(groups)]}]
        rules += [{"direction": "ingress", "protocol": "tcp", "port_range_min": 1024 + i, "port_range_max": 1024 + i,
                   "remote_ip_prefix": f"198.18.{g % 256}.0/24"} for i in range(args.rules_per_group - 3)]  # + 2 default egress rules
        api.call("POST", f"/api/v1/security-groups/{group}/rules", {"rules": rules})

    def ports(worker):
        mine = Api(api.port)
        for p in range(worker, args.ports, 4):
            mine.call("POST", "/api/v1/ports", {"project_id": project, "network_id": network, "host": f"hv{p % args.hosts}",
                                                "fixed_ips": [{"subnet_id": subnet, "ip_address": f"10.{1 + (p >> 16)}.{(p >> 8) & 0xff}.{p & 0xff}"}],
                                                "security_groups": [groups[p % len(groups)], groups[(p * 7 + 1) % len(groups)]]})

    workers = [threading.Thread(target=ports, args=(w,)) for w in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return groups


async def read_response(reader):
    status = int((await reader.readline()).split()[1])
    length, chunked = None, False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        if name.lower() == "content-length":
            length = int(value)
        elif name.lower() == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
    if chunked:
        body = bytearray()
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            if size == 0:
                await reader.readline()
                break
            body += await reader.readexactly(size)
            await reader.readexactly(2)
        return status, bytes(body)
    return status, await reader.readexactly(length or 0)


REVISION = re.compile(rb'"revision":(\d+)')


class Agent:
    def __init__(self, port, host):
        self.port, self.host = port, host
        self.reader = self.writer = None

    async def poll(self, since):
        """One long poll; (answer time, status, revision); a dropped connection counts as status 0."""
        try:
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port, limit=1 << 26)
            self.writer.write(f"GET /api/v1/hosts/{self.host}/policy?since={since}&wait=120s HTTP/1.1\r\nHost: bench\r\n"
                              f"Authorization: Bearer {ADMIN}\r\n\r\n".encode())
            await self.writer.drain()
            status, body = await read_response(self.reader)
            match = REVISION.search(body[:400])
            return time.monotonic(), status, int(match.group(1)) if match else since
        except (ConnectionError, asyncio.IncompleteReadError, IndexError, ValueError):
            self.writer = None
            return time.monotonic(), 0, since


async def metric(port, name):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"GET /metrics HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer {ADMIN}\r\nConnection: close\r\n\r\n".encode())
    await writer.drain()
    _, body = await read_response(reader)
    writer.close()
    found = re.search(rb"^" + name.encode() + rb" (\d+)", body, re.M)
    return int(found.group(1)) if found else None


async def write_rule(port, group, n):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    body = json.dumps({"direction": "egress", "protocol": "udp", "port_range_min": 20000 + n, "port_range_max": 20000 + n})
    writer.write(f"POST /api/v1/security-groups/{group}/rules HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer {ADMIN}\r\n"
                 f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n{body}".encode())
    await writer.drain()
    status, _ = await read_response(reader)
    writer.close()
    assert status == 201, status


async def measure(server, polls, writes, groups, hosts, first_write):
    agents = [Agent(server.port, f"hv{i % hosts}") for i in range(polls)]
    revision = (await asyncio.gather(*(a.poll(0) for a in agents[:1])))[0][2]
    since = [revision] * polls
    delays, all_answered, cpu, errors, reads = [], [], [], 0, []
    for w in range(writes):
        pending = [asyncio.create_task(a.poll(since[i])) for i, a in enumerate(agents)]
        deadline = time.monotonic() + 120
        while (parked := await metric(server.port, "palisade_watchers") or 0) < polls:
            if time.monotonic() > deadline:
                print(f"  (write {w + 1}: only {parked} of {polls} polls parked after 120 s; writing anyway)", flush=True)
                break
            await asyncio.sleep(0.05)
        reads_before = await metric(server.port, "palisade_snapshot_reads_total")
        cpu_before = server.cpu_seconds()
        sent = time.monotonic()
        await write_rule(server.port, groups[w % len(groups)], first_write + w)
        answers = await asyncio.gather(*pending)
        cpu.append(server.cpu_seconds() - cpu_before)
        delays += [t - sent for t, _, _ in answers]
        all_answered.append(max(t for t, _, _ in answers) - sent)
        errors += sum(1 for _, status, _ in answers if status != 200)
        if reads_before is not None:
            reads.append(await metric(server.port, "palisade_snapshot_reads_total") - reads_before)
        # An agent whose poll failed polls again from the revision the others got, as it would after its retry.
        newest = max((r for _, status, r in answers if status == 200), default=max(since))
        since = [r if status == 200 else newest for _, status, r in answers]
    for a in agents:
        if a.writer is not None:
            a.writer.close()
    return delays, all_answered, cpu, errors, reads


def pct(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(-(-p * len(ordered) // 100)) - 1))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", action="append", required=True, help="label=path/to/Palisade.Server.dll; the first one seeds")
    parser.add_argument("--postgres")
    parser.add_argument("--pool", type=int, help="Maximum Pool Size of the servers' PostgreSQL connection string")
    parser.add_argument("--polls", default="100,1000")
    parser.add_argument("--writes", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--hosts", type=int, default=100)
    parser.add_argument("--ports", type=int, default=10000)
    parser.add_argument("--groups", type=int, default=100)
    parser.add_argument("--rules-per-group", type=int, default=100)
    args = parser.parse_args()
    builds = [b.split("=", 1) for b in args.build]
    directory = tempfile.mkdtemp(prefix="palisade-feedpolls-")
    seeded_db = "feedpolls_seed_" + uuid.uuid4().hex[:8]
    try:
        if args.postgres:
            psql(args.postgres, f"CREATE DATABASE {seeded_db}")
            store = [f"--Palisade:Postgres={args.postgres};Database={seeded_db}"]
        else:
            store = [f"--Palisade:Database={directory}/seed.db"]
        started = time.monotonic()
        server = Server(builds[0][1], store)
        groups = seed(Api(server.port), args)
        server.stop()
        print(f"seeded {args.hosts} hosts, {args.ports} ports, {args.groups} groups x {args.rules_per_group} rules "
              f"({'PostgreSQL' if args.postgres else 'SQLite'}) in {time.monotonic() - started:.0f} s; {os.cpu_count()} cores", flush=True)
        print("| build | polls | answer p50 s | answer p99 s | all answered (median / max of writes) s | server CPU per write s | snapshot reads per write | non-200 |")
        print("|---|---|---|---|---|---|---|---|")
        written = 0
        for repeat in range(args.repeats):
            for polls in (int(n) for n in args.polls.split(",")):
                for label, dll in builds:
                    run_db = None
                    if args.postgres:
                        run_db = "feedpolls_run_" + uuid.uuid4().hex[:8]
                        psql(args.postgres, f"CREATE DATABASE {run_db} TEMPLATE {seeded_db}")
                        pool = f";Maximum Pool Size={args.pool}" if args.pool else ""
                        run_store = [f"--Palisade:Postgres={args.postgres};Database={run_db}{pool}"]
                    else:
                        for suffix in ("", "-wal", "-shm"):
                            if os.path.exists(f"{directory}/run.db{suffix}"):
                                os.remove(f"{directory}/run.db{suffix}")
                            if suffix != "-shm" and os.path.exists(f"{directory}/seed.db{suffix}"):
                                shutil.copy(f"{directory}/seed.db{suffix}", f"{directory}/run.db{suffix}")
                        run_store = [f"--Palisade:Database={directory}/run.db"]
                    server = Server(dll, run_store)
                    try:
                        scans_before = psql(args.postgres, "SELECT coalesce(sum(seq_scan),0) FROM pg_stat_user_tables WHERE relname = 'security_group_rules'", run_db) if run_db else None
                        delays, all_answered, cpu, errors, reads = asyncio.run(measure(server, polls, args.writes, groups, args.hosts, written))
                        written += args.writes
                        if run_db:
                            time.sleep(12)  # idle backends flush their statistics within 10 s
                            scans = int(psql(args.postgres, "SELECT coalesce(sum(seq_scan),0) FROM pg_stat_user_tables WHERE relname = 'security_group_rules'", run_db)) - int(scans_before) - 1  # the agents' first answer (since=0) reads one snapshot in either build
                        per_write = f"{sum(reads) / len(reads):.1f} (metric)" if reads else "-"
                        if run_db:
                            per_write += f"; {scans / args.writes:.1f} (rules-table scans)"
                        print(f"| {label} | {polls} | {pct(delays, 50):.2f} | {pct(delays, 99):.2f} | {pct(all_answered, 50):.2f} / {max(all_answered):.2f} | "
                              f"{sum(cpu) / len(cpu):.2f} | {per_write} | {errors} |", flush=True)
                    finally:
                        server.stop()
                        if run_db:
                            psql(args.postgres, f"DROP DATABASE IF EXISTS {run_db} WITH (FORCE)")
    finally:
        if args.postgres:
            psql(args.postgres, f"DROP DATABASE IF EXISTS {seeded_db} WITH (FORCE)")
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
