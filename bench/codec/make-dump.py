#!/usr/bin/env python3
"""Write dump files of Kubernetes storage values for the codec benchmark.

  make-dump.py corpus FIXTURE_DIR OUT      every .pb fixture once
  make-dump.py mixed FIXTURE_DIR N OUT     N objects in a cluster-like mix

Dump format, as the Go peer reads it: repeated (u32le key length, key,
u32le value length, value). The mixed set takes the kinds and weights the
shared data loader uses (pods 35%, events 25%, configmaps 15%, secrets 10%,
deployments 10%, leases 5%) over 100 namespaces. Values are the fixtures'
bytes unchanged, because the codec's work does not depend on the names.
"""
import os
import struct
import sys

KINDS = [
    ("pods", "core.v1.Pod.pb", 35),
    ("events", "core.v1.Event.pb", 25),
    ("configmaps", "core.v1.ConfigMap.pb", 15),
    ("secrets", "core.v1.Secret.pb", 10),
    ("deployments", "apps.v1.Deployment.pb", 10),
    ("leases", "coordination.k8s.io.v1.Lease.pb", 5),
]


def record(key, value):
    key = key.encode()
    return struct.pack("<I", len(key)) + key + struct.pack("<I", len(value)) + value


def corpus(directory, out):
    with open(out, "wb") as handle:
        for name in sorted(os.listdir(directory)):
            if name.endswith(".pb"):
                value = open(os.path.join(directory, name), "rb").read()
                handle.write(record("/registry/fixtures/" + name[:-3], value))


def mixed(directory, count, out):
    templates = [(resource, open(os.path.join(directory, name), "rb").read(), weight)
                 for resource, name, weight in KINDS]
    slots = [(resource, value) for resource, value, weight in templates for _ in range(weight)]
    with open(out, "wb") as handle:
        for index in range(count):
            resource, value = slots[index % len(slots)]
            key = f"/registry/{resource}/ns-{index % 100:02d}/{resource[:2]}-{index:07d}"
            handle.write(record(key, value))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "corpus":
        corpus(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 5 and sys.argv[1] == "mixed":
        mixed(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        sys.exit("usage: make-dump.py corpus FIXTURE_DIR OUT | mixed FIXTURE_DIR N OUT")
