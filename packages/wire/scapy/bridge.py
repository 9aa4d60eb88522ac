"""Builds and decodes packets with scapy for the cross-checks of our codecs.

Reads one JSON list of requests on stdin, writes one JSON list of answers on stdout:
  {"op": "build", "expr": "IPv6()/ICMPv6ND_RS()"} -> {"hex": ..., "layers": [...]}
  {"op": "decode", "hex": "...", "first": "IPv6"}  -> {"layers": [...]}
Built packets are dissected again from their bytes, so computed fields (lengths,
checksums, padding) appear as scapy fills them in on the wire.
"""
import json
import sys

from scapy.all import *  # noqa: F401,F403  (the expressions name scapy's layers)
from scapy.layers.inet6 import *  # noqa: F401,F403
from scapy.packet import Packet, NoPayload


def plain(value):
    if isinstance(value, Packet):
        return layers(value)
    if isinstance(value, (bytes, bytearray)):
        return {"hex": bytes(value).hex()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (int, float, str, bool)) or value is None:
        return value
    return str(value)


def layers(pkt):
    out = []
    while pkt is not None and not isinstance(pkt, NoPayload):
        fields = {name: plain(pkt.getfieldval(name)) for name in (f.name for f in pkt.fields_desc)}
        out.append({"layer": type(pkt).__name__, "fields": fields})
        pkt = pkt.payload
    return out


def answer(req):
    try:
        if req["op"] == "build":
            pkt = eval(req["expr"])  # noqa: S307  (test-only: expressions come from our tests)
            raw = bytes(pkt)
            return {"hex": raw.hex(), "layers": layers(type(pkt)(raw))}
        if req["op"] == "decode":
            cls = eval(req.get("first", "IPv6"))  # noqa: S307
            return {"layers": layers(cls(bytes.fromhex(req["hex"])))}
        return {"error": f"unknown op {req['op']}"}
    except Exception as e:  # an answer per request, so one bad case names itself
        return {"error": f"{type(e).__name__}: {e}"}


json.dump([answer(r) for r in json.load(sys.stdin)], sys.stdout)
