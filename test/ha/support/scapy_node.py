# A scapy node for the Home Agent system tests: one long-lived python3-scapy process in a
# network namespace (a mobile node, a host on the home link), so that scapy is imported once.
# It listens on the Unix socket named by its argument (a path works across namespaces);
# requests come as JSON lines, answers go back as JSON lines:
#   {"id": 1, "op": "send", "iface": "mn0", "exprs": ["Ether(...)/IPv6(...)/..."]}
#     -> {"id": 1, "frames": ["<hex>", ...]}       each expression built and sent once
#   {"id": 2, "op": "fuzz", "iface": "mn0", "exprs": [...], "count": 5000, "seed": 1,
#    "durationMs": 2000}
#     -> {"id": 2, "sent": 5000, "passFilter": 4400, "byMutation": {...}}
#   {"id": 3, "op": "checksums", "frames": ["<hex>"]}
#     -> {"id": 3, "checksums": [{"layer": "MIP6MH_BA", "stated": 8998, "computed": 8998}]}
# Receiving is not done here: a capture (dumpcap) on the same interface sees what is sent
# and what comes back, with kernel timestamps.
from scapy.all import *  # noqa: F401,F403 - the expressions name scapy's layers
from scapy.all import conf, raw

# After scapy's names, which include some of these.
import json  # noqa: E402
import random  # noqa: E402
import socket  # noqa: E402
import struct  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

conf.verb = 0

ETH_LENGTH = 14
IPV6_LENGTH = 40
NEXT_HEADER_AT = ETH_LENGTH + 6
UPPER_TYPE_AT = ETH_LENGTH + IPV6_LENGTH
MOBILITY = 135
ICMPV6 = 58
DESTINATION_OPTIONS = 60
HOME_ADDRESS_OPTION = 0xC9
# ICMPv6 types the router's capture filter (firmware/src/link-pool.ts POOL_FILTER) takes.
FILTERED_ICMPV6_TYPES = (133, 134, 135, 136, 144)
EXTENSION_HEADERS = (0, 43, 44, 60)

sockets = {}


def socket_for(iface):
    if iface not in sockets:
        sockets[iface] = conf.L2socket(iface=iface)
    return sockets[iface]


def build(expr):
    return raw(eval(expr))  # noqa: S307 - test expressions, from the test process only


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total > 0xFFFF:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


class Template:
    """A valid frame and where its upper layer starts, for mutations that keep it checksummed."""

    def __init__(self, frame):
        self.frame = frame
        self.source = frame[ETH_LENGTH + 8 : ETH_LENGTH + 24]
        self.destination = frame[ETH_LENGTH + 24 : ETH_LENGTH + 40]
        at = ETH_LENGTH + IPV6_LENGTH
        nh = frame[NEXT_HEADER_AT]
        while nh in EXTENSION_HEADERS:
            if nh == DESTINATION_OPTIONS:
                self.source = home_address(frame[at : at + 8 * (frame[at + 1] + 1)]) or self.source
            nh, at = frame[at], at + 8 * (frame[at + 1] + 1)
        self.protocol = nh
        self.upper_at = at
        self.checksum_at = at + (4 if nh == MOBILITY else 2)

    def refill_checksum(self, frame):
        upper = bytearray(frame[self.upper_at :])
        if self.checksum_at + 2 > len(frame):
            return frame
        upper[self.checksum_at - self.upper_at : self.checksum_at - self.upper_at + 2] = b"\0\0"
        pseudo = self.source + self.destination + struct.pack("!I3xB", len(upper), self.protocol)
        value = checksum(pseudo + bytes(upper))
        return frame[: self.checksum_at] + struct.pack("!H", value) + frame[self.checksum_at + 2 :]


def home_address(header):
    at = 2
    while at + 2 <= len(header):
        kind = header[at]
        if kind == 0:
            at += 1
            continue
        length = header[at + 1]
        if kind == HOME_ADDRESS_OPTION and length == 16:
            return header[at + 2 : at + 18]
        at += 2 + length
    return None


def with_payload_length(frame):
    return frame[: ETH_LENGTH + 4] + struct.pack("!H", len(frame) - ETH_LENGTH - IPV6_LENGTH) + frame[ETH_LENGTH + 6 :]


def flip_bits(rng, frame, start):
    b = bytearray(frame)
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(start, len(b))
        b[at] ^= 1 << rng.randrange(8)
    return bytes(b)


def mutate(rng, t):
    """One of: bit flips anywhere after the fixed header; bit flips in the upper layer with
    the checksum made right again (so the message reaches the parsers); a truncation or an
    extension with random bytes (Payload Length made to match)."""
    f = t.frame
    kind = rng.choice(("flip", "flip-checksummed", "truncate", "extend"))
    if kind == "flip":
        return kind, flip_bits(rng, f, ETH_LENGTH + IPV6_LENGTH)
    if kind == "flip-checksummed":
        return kind, t.refill_checksum(flip_bits(rng, f, t.upper_at))
    if kind == "truncate":
        cut = rng.randrange(ETH_LENGTH + IPV6_LENGTH, len(f))
        return kind, with_payload_length(f[:cut])
    extra = bytes(rng.randrange(256) for _ in range(rng.randint(1, 24)))
    return kind, t.refill_checksum(with_payload_length(f + extra))


def passes_filter(frame):
    nh = frame[NEXT_HEADER_AT]
    if nh in (MOBILITY, DESTINATION_OPTIONS):
        return True
    return nh == ICMPV6 and len(frame) > UPPER_TYPE_AT and frame[UPPER_TYPE_AT] in FILTERED_ICMPV6_TYPES


def fuzz(req):
    rng = random.Random(req["seed"])
    templates = [Template(build(e)) for e in req["exprs"]]
    sock = socket_for(req["iface"])
    count = req["count"]
    gap = req["durationMs"] / 1000 / count
    passing = 0
    by_mutation = {}
    started = time.monotonic()
    for i in range(count):
        kind, frame = mutate(rng, templates[i % len(templates)])
        by_mutation[kind] = by_mutation.get(kind, 0) + 1
        passing += passes_filter(frame)
        sock.send(frame)
        ahead = started + (i + 1) * gap - time.monotonic()
        if ahead > 0:
            time.sleep(ahead)
    return {
        "sent": count,
        "passFilter": passing,
        "byMutation": by_mutation,
        "seconds": time.monotonic() - started,
    }


def checksums(hexes):
    """Each frame's upper-layer checksum as stated and as scapy computes it (RFC 6275 §6.1:
    the pseudo-header's destination is the final one, after a type 2 routing header)."""
    out = []
    for h in hexes:
        frame = Ether(bytes.fromhex(h))  # noqa: F405
        layer = frame
        while layer and not any(f.name == "cksum" for f in layer.fields_desc):
            layer = layer.payload
        if not layer:
            out.append(None)
            continue
        stated = layer.cksum
        layer.cksum = None
        computed = Ether(raw(frame))[type(layer)].cksum  # noqa: F405
        out.append({"layer": type(layer).__name__, "stated": stated, "computed": computed})
    return out


def handle(req):
    if req["op"] == "send":
        frames = [build(e) for e in req["exprs"]]
        sock = socket_for(req["iface"])
        for f in frames:
            sock.send(f)
        return {"frames": [f.hex() for f in frames]}
    if req["op"] == "build":
        return {"frames": [build(e).hex() for e in req["exprs"]]}
    if req["op"] == "checksums":
        return {"checksums": checksums(req["frames"])}
    if req["op"] == "fuzz":
        return fuzz(req)
    raise ValueError(f"unknown op {req['op']}")


server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
server.bind(sys.argv[1])
server.listen(1)
print("ready", flush=True)
connection, _ = server.accept()
stream = connection.makefile("rw")
for line in stream:
    req = json.loads(line)
    try:
        answer = handle(req)
    except Exception as e:  # noqa: BLE001 - reported to the test, which fails with it
        answer = {"error": f"{type(e).__name__}: {e}"}
    answer["id"] = req["id"]
    stream.write(json.dumps(answer) + "\n")
    stream.flush()
