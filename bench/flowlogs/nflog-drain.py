#!/usr/bin/env python3
"""Binds an NFLOG group (nfnetlink_log, as the agent's NflogSocket does) and either reads and counts
messages for N seconds ("read") or never reads ("idle"), for bench/flowlogs/flood.sh."""
import socket, struct, sys, time

group, seconds, mode = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 12)  # NETLINK_NETFILTER
s.bind((0, 0))
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)

def config(seq, attrs):
    body = b"".join(struct.pack("=HH", 4 + len(v), t) + v + b"\0" * ((4 - len(v) % 4) % 4) for t, v in attrs)
    msg = struct.pack("=BBH", 0, 0, socket.htons(group)) + body
    s.send(struct.pack("=IHHII", 16 + len(msg), (4 << 8) | 1, 1 | 4, seq, 0) + msg)
    s.recv(8192)

config(1, [(1, b"\x01")])                                   # NFULNL_CFG_CMD_BIND
config(2, [(2, struct.pack(">IBB", 128, 2, 0))])            # copy the packet, 128 bytes
end, messages, overruns = time.time() + seconds, 0, 0
s.settimeout(0.2)
while time.time() < end:
    if mode == "idle":
        time.sleep(0.2)
        continue
    try:
        data = s.recv(1 << 18)
    except socket.timeout:
        continue
    except OSError:
        overruns += 1  # ENOBUFS
        continue
    offset = 0
    while offset + 16 <= len(data):
        length = struct.unpack_from("=I", data, offset)[0]
        if length < 16:
            break
        messages += 1
        offset += (length + 3) & ~3
print(f"{messages / seconds:.0f} messages/s read, {overruns} overruns")
