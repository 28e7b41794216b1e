#!/usr/bin/env python3
"""Generate ketcd's compiled-in Kubernetes schema.

Reads every group-version's generated.proto (messages, field numbers, wire
types, repeated and map fields) and the Go sources beside it (struct field
order, JSON names, omitempty, pointers, inline embedding) from the Kubernetes
API packages Debian ships (golang-k8s-api-dev, golang-k8s-apimachinery-dev),
and writes Sources/KubeCodec/Schema/KubeSchemaBase.swift.

Usage:
  python3 scripts/gen-kube-schema.py [--source DIR] [--stdout]

DIR defaults to $KETCD_K8S_SOURCE_DIR, then .deps/trixie/usr/share/gocode/src/k8s.io
under the package root (scripts/install-deps.sh unpacks it there).

Python, not a Swift executable target: it runs only when the schema is
regenerated, needs no build of the package first, and keeps a build-time tool
out of the product's target graph.

The schema format (one message per line) is described in
Sources/KubeCodec/Schema/KubeSchema.swift.
"""

import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(ROOT, "Sources", "KubeCodec", "Schema", "KubeSchemaBase.swift")

# Messages whose Go type has its own JSON form; the letter is the schema's
# special-kind code.
SPECIAL = {
    "meta.v1.Time": "T",
    "meta.v1.MicroTime": "U",
    "meta.v1.Duration": "D",
    "resource.Quantity": "Q",
    "resource.QuantityValue": "Q",
    "intstr.IntOrString": "I",
    "runtime.RawExtension": "R",
    "meta.v1.FieldsV1": "F",
}

SCALARS = {"string": "s", "bool": "b", "int32": "i", "int64": "l", "bytes": "y",
           "double": "d", "float": "f", "uint32": "u", "uint64": "v"}


def short_package(package):
    """k8s.io.api.core.v1 -> core.v1; k8s.io.apimachinery.pkg.runtime -> runtime."""
    parts = package.split(".")
    if re.fullmatch(r"v\d+((alpha|beta)\d+)?", parts[-1]):
        return ".".join(parts[-2:])
    return parts[-1]


def go_directory(source, package):
    """Return the Go source directory of a proto package under the k8s.io tree."""
    parts = package.split(".")
    assert parts[:2] == ["k8s", "io"], package
    return os.path.join(source, *parts[2:])


def strip_comments(text):
    return re.sub(r"//[^\n]*", "", text)


def parse_proto(path):
    """Returns (package, {message: {"comment": str, "fields": {number: field}}})."""
    text = open(path, encoding="utf-8").read()
    package = re.search(r"^package ([\w.]+);", text, re.M).group(1)
    messages = {}
    for match in re.finditer(r"((?://[^\n]*\n)*)message (\w+) \{(.*?)\n\}", text, re.S):
        comment, name, body = match.group(1), match.group(2), strip_comments(match.group(3))
        fields = {}
        for line in body.split(";"):
            line = line.strip()
            if not line:
                continue
            m = re.fullmatch(r"(optional|repeated) ([\w.]+) (\w+) = (\d+)", line)
            if m:
                fields[int(m.group(4))] = {"label": m.group(1), "type": m.group(2),
                                           "name": m.group(3), "map": None}
                continue
            m = re.fullmatch(r"map<(\w+), ([\w.]+)> (\w+) = (\d+)", line)
            if m:
                fields[int(m.group(4))] = {"label": "map", "type": m.group(2),
                                           "name": m.group(3), "map": m.group(1)}
                continue
            raise SystemExit(f"{path}: cannot parse field line in message {name}: {line!r}")
        messages[name] = {"comment": comment, "fields": fields}
    return package, messages


def parse_go_structs(directory):
    """Returns {struct name: [field]} for every struct in the directory's Go files."""
    structs = {}
    for filename in sorted(os.listdir(directory)):
        if (not filename.endswith(".go") or filename.endswith("_test.go")
                or filename.startswith("zz_generated") or filename.endswith(".pb.go")):
            continue
        text = open(os.path.join(directory, filename), encoding="utf-8").read()
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        for match in re.finditer(r"^type (\w+) struct ?\{(?:\}|\n(.*?)^\})", text, re.S | re.M):
            fields = []
            depth = 0
            for raw in (match.group(2) or "").split("\n"):
                line = re.sub(r"^\s*//.*$", "", raw).strip()
                if not line:
                    continue
                if depth > 0 or line.endswith("{"):
                    depth += line.count("{") - line.count("}")
                    continue
                tag = ""
                tag_match = re.search(r"`([^`]*)`", line)
                if tag_match:
                    tag = tag_match.group(1)
                    line = line[:tag_match.start()].strip()
                line = re.sub(r"\s*//.*$", "", line)
                words = line.split(None, 1)
                if len(words) == 1:
                    name, go_type, embedded = words[0].lstrip("*").split(".")[-1], words[0], True
                else:
                    name, go_type, embedded = words[0], words[1].strip(), False
                fields.append({"name": name, "type": go_type, "embedded": embedded,
                               "json": tag_value(tag, "json"), "protobuf": tag_value(tag, "protobuf")})
            structs[match.group(1)] = fields
        # A struct defined as another package's struct: type X v1.X.
        for match in re.finditer(r"^type (\w+) (\w+)\.(\w+)$", text, re.M):
            imported = re.search(r'^\s*' + match.group(2) + r' "k8s.io/([\w/]+)"$', text, re.M)
            if imported:
                other = parse_go_structs(os.path.join(SOURCE_ROOT[0], *imported.group(1).split("/")))
                if match.group(3) in other:
                    structs[match.group(1)] = other[match.group(3)]
    return structs


def tag_value(tag, key):
    m = re.search(key + r':"([^"]*)"', tag)
    return m.group(1) if m else None


def resolve(type_name, package, known):
    """Return a proto type reference as the schema's short message name."""
    if type_name.startswith("."):
        full = type_name[1:]
    else:
        full = package + "." + type_name
    pkg, _, name = full.rpartition(".")
    short = short_package(pkg) + "." + name
    if short not in known:
        raise SystemExit(f"unknown message type {type_name} referenced from {package}")
    return short


def field_kind(field, package, known):
    """(kind, ref) for a proto field's element type."""
    if field["type"] in SCALARS:
        return SCALARS[field["type"]], ""
    return "m", resolve(field["type"], package, known)


SOURCE_ROOT = [""]


def build(source):
    SOURCE_ROOT[0] = source
    protos = []
    for directory, _, files in os.walk(source):
        if "generated.proto" in files and "testapigroup" not in directory:
            protos.append(os.path.join(directory, "generated.proto"))
    protos.sort()

    parsed = []
    known = set()
    for path in protos:
        package, messages = parse_proto(path)
        parsed.append((path, package, messages))
        for name in messages:
            known.add(short_package(package) + "." + name)

    lines = []
    inputs = []
    for path, package, messages in parsed:
        inputs.append(os.path.relpath(path, source))
        structs = parse_go_structs(go_directory(source, package))
        for name in sorted(messages):
            message = messages[name]
            short = short_package(package) + "." + name
            if short in SPECIAL:
                lines.append(f"{short} {SPECIAL[short]}")
                continue
            if "+protobuf.nullable=true" in message["comment"]:
                # A named Go slice carried as a message of repeated items.
                item = message["fields"][1]
                kind, ref = field_kind(item, package, known)
                lines.append(f"{short} W items=1,{kind},r{',' + ref if ref else ''}")
                continue
            if name not in structs:
                raise SystemExit(f"{package}.{name}: no Go struct in {go_directory(source, package)}")
            lines.append(short + " - " + " ".join(
                struct_fields(short, structs[name], message["fields"], package, known)))
    return inputs, lines


def struct_fields(short, go_fields, proto_fields, package, known):
    specs = []
    used = set()
    for go in go_fields:
        json_tag = go["json"]
        if go["protobuf"] == "-" or (json_tag == "-" and go["protobuf"] is None):
            continue
        json_name, _, options = (json_tag or "").partition(",")
        options = options.split(",") if options else []
        if go["protobuf"] is None:
            if go["embedded"] and go["name"] == "TypeMeta":
                specs.append("=0,t,n")
                continue
            if json_tag is None and not go["embedded"] and go["name"][0].islower():
                continue  # unexported
            sys.stderr.write(f"gen-kube-schema: {short}.{go['name']} has no protobuf tag; not in the schema\n")
            continue
        number = int(go["protobuf"].split(",")[1])
        if number not in proto_fields:
            raise SystemExit(f"{short}.{go['name']}: protobuf field {number} not in generated.proto")
        used.add(number)
        proto = proto_fields[number]
        flags = ""
        if json_tag == "-":
            flags += "h"  # carried in protobuf, never in JSON
        if "omitempty" in options:
            flags += "o"
        if go["type"].startswith("*"):
            flags += "p"
        inline = go["embedded"] and json_name == ""
        if inline:
            flags += "n"
        elif json_name == "":
            json_name = go["name"]
        kind, ref = field_kind(proto, package, known)
        if proto["label"] == "repeated":
            flags += "r"
        if proto["label"] == "map":
            if proto["map"] != "string":
                raise SystemExit(f"{short}.{go['name']}: map key type {proto['map']} is not supported")
            kind = "M" + kind
        spec = f"{json_name}={number},{kind},{flags}"
        if ref:
            spec += "," + ref
        specs.append(spec)
    missing = set(proto_fields) - used
    if missing:
        raise SystemExit(f"{short}: protobuf fields {sorted(missing)} have no Go struct field")
    return specs


def render(inputs, lines):
    out = []
    out.append("// Generated by scripts/gen-kube-schema.py; do not edit.")
    out.append("// Regenerate: python3 scripts/gen-kube-schema.py")
    out.append("// Inputs: Debian 13 golang-k8s-api-dev and golang-k8s-apimachinery-dev (0.32.x),")
    out.append("// the generated.proto of each package below and the Go sources beside it:")
    for path in inputs:
        out.append(f"//   k8s.io/{path}")
    out.append("")
    out.append("extension KubeSchema {")
    out.append("    /// The schema of the packaged Kubernetes API types, one message per line.")
    out.append("    static let baseText = #\"\"\"")
    out.extend(lines)
    out.append("\"\"\"#")
    out.append("}")
    return "\n".join(out) + "\n"


def main(argv):
    source = os.environ.get("KETCD_K8S_SOURCE_DIR") or os.path.join(
        ROOT, ".deps", "trixie", "usr", "share", "gocode", "src", "k8s.io")
    to_stdout = False
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--source" and args:
            source = args.pop(0)
        elif arg == "--stdout":
            to_stdout = True
        else:
            raise SystemExit(f"gen-kube-schema: unknown argument {arg!r}; usage: gen-kube-schema.py [--source DIR] [--stdout]")
    if not os.path.isdir(os.path.join(source, "api")):
        raise SystemExit(f"gen-kube-schema: no Kubernetes API sources in {source}; run scripts/install-deps.sh")
    text = render(*build(source))
    if to_stdout:
        sys.stdout.write(text)
    else:
        os.makedirs(os.path.dirname(OUTPUT), exist_ok=True)
        with open(OUTPUT, "w", encoding="utf-8") as handle:
            handle.write(text)


if __name__ == "__main__":
    main(sys.argv[1:])
