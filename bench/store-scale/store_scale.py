#!/usr/bin/env python3
"""Issue 12 scale check for security groups and rules, through the native API with a tenant token.

Starts one Palisade server (the given build) over a fresh SQLite file or PostgreSQL database,
fills one project with a group of 10 rules and groups of 1,000 and 10,000 rules, another with
1,000 then 10,000 groups, and times (sequential requests on one keep-alive connection, wall clock):
  - adding one rule (POST .../rules) to the 10-rule and the 10,000-rule group, then deleting it,
    so the group keeps its size; p50/p99 of the add;
  - GET a page of 100 rules of the 1,000- and 10,000-rule groups, and a page of 100 groups of the
    project at 1,000 and 10,000 groups.
Usage: store_scale.py --server path/to/Palisade.Server.dll [--postgres CONNSTRING] [--samples 200]
"""
import argparse, http.client, json, os, shutil, socket, subprocess, sys, tempfile, time, uuid

ADMIN = "bench-admin-token"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Api:
    def __init__(self, port, token):
        self.port, self.token = port, token
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def call(self, method, path, body=None, expect=(200, 201, 204)):
        headers = {"Authorization": f"Bearer {self.token}"}
        data = None
        if body is not None:
            data = json.dumps(body)
            headers["Content-Type"] = "application/json"
        try:
            self.conn.request(method, path, data, headers)
            response = self.conn.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # the server closes a connection left idle past its keep-alive timeout: open another
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            self.conn.request(method, path, data, headers)
            response = self.conn.getresponse()
        text = response.read()
        if response.status not in expect:
            raise SystemExit(f"{method} {path}: {response.status} {text[:300]!r}")
        return json.loads(text) if text else None

    def timed(self, method, path, body=None):
        start = time.perf_counter()
        result = self.call(method, path, body)
        return (time.perf_counter() - start) * 1000, result


def pct(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def rules(n, offset=0):
    # distinct rules: tcp ports from 1024 up, one source prefix per 10,000
    return [{"direction": "ingress", "ethertype": "IPv4", "protocol": "tcp",
             "port_range_min": 1024 + (offset + i) % 60000, "port_range_max": 1024 + (offset + i) % 60000,
             "remote_ip_prefix": f"10.{(offset + i) // 60000}.0.0/16"} for i in range(n)]


def fill_group(admin, group, n):
    for start in range(0, n, 500):
        admin.call("POST", f"/api/v1/security-groups/{group}/rules", {"rules": rules(min(500, n - start), start)})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--postgres")
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()

    directory = tempfile.mkdtemp(prefix="palisade-scale-")
    port = free_port()
    store = [f"--Palisade:Postgres={args.postgres}"] if args.postgres else [f"--Palisade:Database={directory}/palisade.db"]
    server = subprocess.Popen(["dotnet", args.server, f"--Palisade:Urls=http://127.0.0.1:{port}", f"--PALISADE_ADMIN_TOKEN={ADMIN}",
                               "--Logging:LogLevel:Default=Warning", *store], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        admin = Api(port, ADMIN)
        project = admin.call("POST", "/api/v1/projects", {"name": "scale-" + uuid.uuid4().hex[:6]})["id"]
        admin.call("PUT", f"/api/v1/quotas/{project}", {"security_groups": -1, "rules_per_group": -1})
        principal = admin.call("POST", "/api/v1/principals", {"name": "tenant-" + uuid.uuid4().hex[:6]})["id"]
        admin.call("POST", "/api/v1/role-bindings", {"principal_id": principal, "role": "member", "project_id": project})
        tenant = Api(port, admin.call("POST", "/api/v1/tokens", {"principal_id": principal})["token"])

        def group(name):
            return admin.call("POST", "/api/v1/security-groups", {"project_id": project, "name": name})["id"]

        small, thousand, big = group("g10"), group("g1000"), group("g10000")
        fill_group(admin, small, 10)
        fill_group(admin, thousand, 1000)
        fill_group(admin, big, 10000)
        results = {}

        def report(name, times):
            results[name] = times
            print(f"| {name} | {pct(times, 50):.1f} | {pct(times, 99):.1f} | {len(times)} |", flush=True)

        for name, gid in (("add rule, group of 10", small), ("add rule, group of 10,000", big)):
            times = []
            for i in range(args.samples):
                ms, added = tenant.timed("POST", f"/api/v1/security-groups/{gid}/rules",
                                         {"direction": "egress", "ethertype": "IPv4", "protocol": "udp", "port_range_min": 5000 + i, "port_range_max": 5000 + i})
                times.append(ms)
                tenant.call("DELETE", f"/api/v1/security-groups/{gid}/rules/{added[0]['id']}")
            report(name, times)

        for name, gid in (("rules page of 100, group of 1,000", thousand), ("rules page of 100, group of 10,000", big)):
            report(name, [tenant.timed("GET", f"/api/v1/security-groups/{gid}/rules?limit=100")[0] for _ in range(args.samples // 2)])

        # The group pages are of a second project of the tenant's, whose groups have their template rules only.
        listed = admin.call("POST", "/api/v1/projects", {"name": "scale-groups-" + uuid.uuid4().hex[:6]})["id"]
        admin.call("PUT", f"/api/v1/quotas/{listed}", {"security_groups": -1})
        admin.call("POST", "/api/v1/role-bindings", {"principal_id": principal, "role": "member", "project_id": listed})
        made = 1
        for target in (1000, 10000):
            while made < target:
                admin.call("POST", "/api/v1/security-groups", {"project_id": listed, "name": f"bulk-{made}"})
                made += 1
            report(f"groups page of 100, project of {target:,} groups",
                   [tenant.timed("GET", f"/api/v1/security-groups?project_id={listed}&limit=100")[0] for _ in range(args.samples // 2)])
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
