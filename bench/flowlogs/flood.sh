#!/usr/bin/env bash
# Does a flood of logged packets hurt forwarding? (docs/flow-logs.md, docs/benchmarks.md "Flow logs under a flood")
# Three namespaces behind a routing "host" namespace, as the agent tests wire them, and an inet table
# shaped like Palisade's: conntrack first, then a logged rule exactly as Palisade renders it
# (log prefix ... group 2719 snaplen 128). Measures iperf3 TCP throughput client -> server:
#   1. no flood;  2. a UDP flood from a third instance through the same rule without log (the control:
#   on a small machine the flood's own CPU competes with iperf3);  3. the flood hitting the logged rule,
#   with an NFLOG listener that keeps up (bench/flowlogs/nflog-drain.py);  4. the same with a listener
#   that never reads (the kernel drops log messages: ENOBUFS).
# Needs root, iperf3, python3. Usage: bench/flowlogs/flood.sh [seconds]
set -euo pipefail
seconds=${1:-5}
here=$(cd "$(dirname "$0")" && pwd)
p=pfl$$
host=$p-host
stop_flood() { ip netns pids $p-fld 2>/dev/null | xargs -r kill 2>/dev/null || true; ip netns pids $host 2>/dev/null | xargs -r kill 2>/dev/null || true; sleep 0.5; }
cleanup() { stop_flood; ip netns pids $p-srv 2>/dev/null | xargs -r kill 2>/dev/null || true; for ns in $host $p-srv $p-cli $p-fld; do ip netns del "$ns" 2>/dev/null || true; done; }
trap cleanup EXIT
ip netns add $host
ip netns exec $host sysctl -qw net.ipv4.ip_forward=1
ip -n $host addr add 198.18.0.1/32 dev lo
i=10
for name in srv cli fld; do
  ns=$p-$name; dev=tap-$name; i=$((i+1))
  ip netns add $ns
  ip link add $dev netns $host type veth peer name eth0 netns $ns
  ip netns exec $host sysctl -qw net.ipv4.conf.$dev.proxy_arp=1
  ip -n $host link set $dev up
  ip -n $ns addr add 198.18.10.$i/32 dev eth0
  ip -n $ns link set eth0 up
  ip -n $ns route add 198.18.0.1 dev eth0
  ip -n $ns route add default via 198.18.0.1 dev eth0
  ip -n $host route add 198.18.10.$i/32 dev $dev
done
ip netns exec $host nft -f - <<NFT
table inet palisade {
  counter rule_flood { }
  counter rule_quiet { }
  chain forward {
    type filter hook forward priority 0; policy drop;
    ct state established,related accept
    ip saddr 198.18.10.12 tcp dport 5201 accept
    ip saddr 198.18.10.13 udp dport 10 counter name "rule_quiet" accept
    ip saddr 198.18.10.13 udp dport 9 counter name "rule_flood" log prefix "pal:r:flood" group 2719 snaplen 128 accept
  }
}
NFT
ip netns exec $p-srv iperf3 -s -D
sleep 0.5
measure() {
  ip netns exec $p-cli iperf3 -c 198.18.10.11 -t "$seconds" -J | python3 -c 'import json,sys; print("%.2f" % (json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]/1e9))'
}
flood() {
  # As fast as one socat process sends 64-byte datagrams: to port 9 (the logged rule) or 10 (the same rule without log).
  ip netns exec $p-fld bash -c "head -c 2000000000 /dev/zero | socat -b 64 -u - UDP-SENDTO:198.18.10.11:$1" >/dev/null 2>&1 &
}
packets() { ip netns exec $host nft -j list counter inet palisade ${1:-rule_flood} | python3 -c 'import json,sys; print([o["counter"]["packets"] for o in json.load(sys.stdin)["nftables"] if "counter" in o][0])'; }

echo "machine: $(nproc) cores, $(uname -r), $(date -u +%FT%TZ)"
echo "1. no flood: $(measure) Gbit/s"
before=$(packets rule_quiet); flood 10; sleep 0.5
echo "2. flood, rule not logged: $(measure) Gbit/s; flood $(( ($(packets rule_quiet) - before) / (seconds + 1) )) packets/s"
stop_flood
ip netns exec $host python3 "$here/nflog-drain.py" 2719 "$seconds" read > /tmp/$p-drain.txt &
drain=$!
sleep 0.5; before=$(packets); flood 9; sleep 0.5
echo "3. logged flood, listener reading: $(measure) Gbit/s; flood $(( ($(packets) - before) / (seconds + 1) )) logged packets/s; listener: $(wait $drain; cat /tmp/$p-drain.txt)"
stop_flood
ip netns exec $host python3 "$here/nflog-drain.py" 2719 $((seconds + 2)) idle > /dev/null &
sleep 0.5; before=$(packets); flood 9; sleep 0.5
echo "4. logged flood, listener not reading (kernel drops the log messages): $(measure) Gbit/s; flood $(( ($(packets) - before) / (seconds + 1) )) logged packets/s"
stop_flood
rm -f /tmp/$p-drain.txt
