#!/usr/bin/env python3
"""Loads N Kubernetes objects into etcd at the keys kube-apiserver uses.

  load.py ENDPOINT N TEMPLATE_DIR

ENDPOINT is an etcd client URL (http://127.0.0.1:PORT). Values are the
protobuf serialization fixtures of k8s.io/api (testdata/HEAD/*.pb from
Debian's golang-k8s-api-dev), each with metadata.name and
metadata.namespace rewritten to match its key. Objects are spread over 100
namespaces: 35% pods, 25% events, 15% config maps, 10% secrets, 10%
deployments, 5% leases. Puts go through etcd's JSON gateway (/v3/kv/txn),
128 per transaction, so only the Python standard library is needed.
"""
import base64, json, os, sys, urllib.request

KINDS = [
    ("pods", "core.v1.Pod.pb", 35),
    ("events", "core.v1.Event.pb", 25),
    ("configmaps", "core.v1.ConfigMap.pb", 15),
    ("secrets", "core.v1.Secret.pb", 10),
    ("deployments", "apps.v1.Deployment.pb", 10),
    ("leases", "coordination.k8s.io.v1.Lease.pb", 5),
]
NAMESPACES = 100
OPS_PER_TXN = 128


def varint(value):
    out = bytearray()
    while True:
        low = value & 0x7F
        value >>= 7
        if value:
            out.append(low | 0x80)
        else:
            out.append(low)
            return bytes(out)


def read_varint(data, offset):
    shift = value = 0
    while True:
        byte = data[offset]
        offset += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, offset


def fields(data):
    """Splits a message into (number, wire type, payload or raw bytes) tuples."""
    offset, result = 0, []
    while offset < len(data):
        tag, offset = read_varint(data, offset)
        number, wire = tag >> 3, tag & 7
        start = offset
        if wire == 0:
            _, offset = read_varint(data, offset)
            result.append((number, wire, data[start:offset]))
        elif wire == 2:
            length, offset = read_varint(data, offset)
            result.append((number, wire, data[offset:offset + length]))
            offset += length
        elif wire == 1:
            offset += 8
            result.append((number, wire, data[start:offset]))
        elif wire == 5:
            offset += 4
            result.append((number, wire, data[start:offset]))
        else:
            raise ValueError("unsupported wire type %d" % wire)
    return result


def encode(parts):
    out = bytearray()
    for number, wire, payload in parts:
        out += varint(number << 3 | wire)
        if wire == 2:
            out += varint(len(payload))
        out += payload
    return bytes(out)


def rename(value, name, namespace):
    """Replaces ObjectMeta name (1) and namespace (3) in a k8s\\0 envelope value."""
    envelope = fields(value[4:])
    rebuilt = []
    for number, wire, payload in envelope:
        if number == 2:  # raw: the typed object; its field 1 is ObjectMeta
            object_fields = []
            for inner_number, inner_wire, inner in fields(payload):
                if inner_number == 1:
                    meta = [(n, w, p) for n, w, p in fields(inner) if n not in (1, 3)]
                    meta = [(1, 2, name.encode()), (3, 2, namespace.encode())] + meta
                    inner = encode(sorted(meta, key=lambda part: part[0]))
                object_fields.append((inner_number, inner_wire, inner))
            payload = encode(object_fields)
        rebuilt.append((number, wire, payload))
    return value[:4] + encode(rebuilt)


def main():
    endpoint, count, template_dir = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    templates = {resource: open(os.path.join(template_dir, file), "rb").read() for resource, file, _ in KINDS}
    plan = [resource for resource, _, weight in KINDS for _ in range(weight)]
    batch = []

    def flush():
        body = json.dumps({"success": batch}).encode()
        request = urllib.request.Request(endpoint + "/v3/kv/txn", data=body, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request) as response:
            response.read()
        batch.clear()

    for index in range(count):
        resource = plan[index % len(plan)]
        namespace = "ns-%03d" % (index % NAMESPACES)
        name = "%s-%07d" % (resource[:-1], index)
        key = "/registry/%s/%s/%s" % (resource, namespace, name)
        value = rename(templates[resource], name, namespace)
        batch.append({"requestPut": {"key": base64.b64encode(key.encode()).decode(), "value": base64.b64encode(value).decode()}})
        if len(batch) == OPS_PER_TXN:
            flush()
    if batch:
        flush()


if __name__ == "__main__":
    main()
