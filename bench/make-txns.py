#!/usr/bin/env python3
"""Writes etcdctl txn input files that put N keys with 1-4 KB values.

  make-txns.py N OUT_DIR

Keys look like Kubernetes' (/registry/<resource>/<namespace>/<name>) and
values are random base64 text of 1,000 to 4,000 bytes, so they survive
etcdctl's txn syntax (no spaces). Each file has at most 128 puts, etcd's
default --max-txn-ops. The random generator is seeded, so every run loads
the same data.
"""
import base64, os, random, sys

RESOURCES = ["pods", "events", "configmaps", "secrets", "deployments", "leases"]
OPS_PER_TXN = 128

def main():
    count, out_dir = int(sys.argv[1]), sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    rng = random.Random(42)
    batch, files = [], 0
    for index in range(count):
        resource = RESOURCES[index % len(RESOURCES)]
        key = "/registry/%s/ns-%03d/object-%06d" % (resource, index % 100, index)
        size = rng.randint(1000, 4000)
        value = base64.b64encode(rng.randbytes(size * 3 // 4 + 3)).decode()[:size]
        batch.append("put %s %s\n" % (key, value))
        if len(batch) == OPS_PER_TXN or index == count - 1:
            with open(os.path.join(out_dir, "txn-%05d" % files), "w") as f:
                # etcdctl txn reads three sections, each ended by an empty
                # line: no compares, the puts, no failure requests.
                f.write("\n" + "".join(batch) + "\n\n")
            files += 1
            batch = []

if __name__ == "__main__":
    main()
