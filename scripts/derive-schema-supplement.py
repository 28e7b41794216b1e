#!/usr/bin/env python3
"""Draft schema lines for types and fields the packaged Kubernetes API lacks.

Kubernetes' serialization fixtures fill every field: strings read
`<field>Value`, integers equal the field's protobuf number and timestamps
carry it in the year. Walking each fixture's .pb and .json twin side by
side against the compiled schema therefore shows, for every field the
schema lacks, its JSON name, its place in Go struct order, its protobuf
number and its kind. This script prints those facts as schema lines in the
format Sources/KubeCodec/Schema/KubeSchema.swift describes:

  python3 scripts/derive-schema-supplement.py FIXTURE_DIR... > draft.txt

The draft is a starting point, not the supplement itself: fixtures cannot
show whether a field is a Go pointer or omitempty (the draft assumes both,
the Kubernetes convention for optional fields added since 1.28), nor int32
from int64 (the draft uses int32 unless the name ends in Seconds or the value
needs more), nor the names of new nested types (the draft names them after
their parent and field). Review each line against the published API before
copying it into Sources/KubeCodec/Schema/KubeSchemaSupplement.swift.
"""

import base64
import json
import os
import re
import sys
from collections import OrderedDict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TIME_RE = re.compile(r"^(\d{4})-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


def load_schema():
    """{message: {"special": str, "fields": [field dict]}} from the Swift sources."""
    messages = OrderedDict()
    for name in ("KubeSchemaBase.swift", "KubeSchemaSupplement.swift"):
        text = open(os.path.join(ROOT, "Sources", "KubeCodec", "Schema", name), encoding="utf-8").read()
        body = text.split('#"""', 1)[1].split('"""#', 1)[0]
        for line in body.split("\n"):
            if not line or line.startswith("#"):
                continue
            words = line.split()
            if words[0].startswith("+"):
                message = messages[words[0][1:]]
                fields = [parse_field(word) for word in words[2:]]
                position = 0
                if words[1] != "^":
                    position = [f["json"] for f in message["fields"]].index(words[1]) + 1
                message["fields"][position:position] = fields
                continue
            messages[words[0]] = {"special": words[1], "fields": [parse_field(word) for word in words[2:]]}
    return messages


def parse_field(word):
    json_name, _, rest = word.partition("=")
    parts = rest.split(",")
    return {"json": json_name, "number": int(parts[0]), "kind": parts[1], "flags": parts[2],
            "ref": parts[3] if len(parts) > 3 else ""}


def format_field(field):
    text = f"{field['json']}={field['number']},{field['kind']},{field['flags']}"
    if field["ref"]:
        text += "," + field["ref"]
    return text


def read_varint(data, offset):
    result = 0
    shift = 0
    while True:
        byte = data[offset]
        offset += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, offset
        shift += 7


def parse_message(data):
    """[(number, wire type, value)] where value is an int or bytes."""
    fields = []
    offset = 0
    while offset < len(data):
        tag, offset = read_varint(data, offset)
        number, wire = tag >> 3, tag & 7
        if wire == 0:
            value, offset = read_varint(data, offset)
        elif wire == 2:
            length, offset = read_varint(data, offset)
            value = data[offset:offset + length]
            offset += length
        elif wire == 1:
            value = int.from_bytes(data[offset:offset + 8], "little")
            offset += 8
        elif wire == 5:
            value = int.from_bytes(data[offset:offset + 4], "little")
            offset += 4
        else:
            raise ValueError(f"wire type {wire}")
        fields.append((number, wire, value))
    return fields


def try_parse(data):
    try:
        return parse_message(bytes(data))
    except (ValueError, IndexError):
        return None


class Deriver:
    def __init__(self):
        self.schema = load_schema()
        self.new_messages = OrderedDict()  # name -> [field]
        self.added = OrderedDict()  # message -> [(after, field)]
        self.copied_from = {}  # drafted message -> the message it copies
        self.wrapped = set()  # drafted named-slice messages
        self.notes = []

    def message_fields(self, name):
        if name in self.new_messages:
            return self.new_messages[name]
        return self.schema[name]["fields"]

    def special(self, name):
        if name in self.new_messages:
            return "-"
        return self.schema[name]["special"]

    def known_json_names(self, name):
        """JSON names reachable in the object of message `name`, inline included."""
        names = {}
        for field in self.message_fields(name):
            if "n" in field["flags"] and field["kind"] == "m":
                names.update(self.known_json_names(field["ref"]))
            elif field["kind"] == "t":
                names["kind"] = None
                names["apiVersion"] = None
            else:
                names[field["json"]] = (name, field)
        for _, field in self.added.get(name, []):
            names[field["json"]] = (name, field)
        return names

    def walk(self, name, data, obj, path):
        """Compares one message's protobuf fields with its JSON object."""
        if self.special(name) != "-":
            return
        pb_fields = try_parse(data)
        if pb_fields is None:
            self.notes.append(f"{path}: the bytes for {name} are not a message")
            return
        by_number = {}
        for number, wire, value in pb_fields:
            by_number.setdefault(number, []).append((wire, value))
        known = self.known_json_names(name)
        numbers_in_schema = self.numbers_of(name)
        unknown_numbers = [n for n in by_number if n not in numbers_in_schema]
        previous = "^"
        for key, value in obj.items():
            if key in known:
                if known[key] is not None:
                    owner, field = known[key]
                    self.descend(owner, field, data, by_number_of(owner, name, data, field, self), value, path + "." + key)
                previous = key
                continue
            number = self.match_number(key, value, by_number, unknown_numbers)
            if number is None:
                self.notes.append(f"{path}.{key}: no protobuf field found in {name}")
                previous = key
                continue
            unknown_numbers.remove(number)
            field = self.new_field(name, key, value, number, by_number[number], path + "." + key)
            if name in self.new_messages:
                fields = self.new_messages[name]
                position = 0
                if previous != "^":
                    names = [f["json"] for f in fields]
                    position = names.index(previous) + 1 if previous in names else len(fields)
                fields.insert(position, field)
            else:
                self.added.setdefault(name, []).append((previous, field))
            previous = key
        for number in unknown_numbers:
            self.notes.append(f"{path}: protobuf field {number} of {name} matches no JSON member")

    def numbers_of(self, name):
        numbers = set()
        for field in self.message_fields(name):
            numbers.add(field["number"])
        for _, field in self.added.get(name, []):
            numbers.add(field["number"])
        return numbers

    def descend(self, owner, field, data, occurrences, value, path):
        if field["kind"] != "m" or field["ref"] == "" or not occurrences:
            return
        ref = field["ref"]
        if "r" in field["flags"] and isinstance(value, list):
            for (wire, payload), element in zip(occurrences, value):
                if isinstance(element, dict) and wire == 2:
                    self.walk(ref, payload, element, path + "[]")
        elif field["kind"].startswith("M"):
            return
        elif isinstance(value, dict) and occurrences[-1][0] == 2:
            self.walk(ref, occurrences[-1][1], value, path)

    def match_number(self, key, value, by_number, candidates):
        if isinstance(value, bool):
            for number in candidates:
                if all(wire == 0 for wire, _ in by_number[number]) and by_number[number][0][1] == 1:
                    return number
            return None
        if isinstance(value, int) and value in candidates:
            return value
        if isinstance(value, str):
            time_match = TIME_RE.match(value)
            if time_match and int(time_match.group(1)) - 2000 in candidates:
                return int(time_match.group(1)) - 2000
            for number in candidates:
                wire, payload = by_number[number][0]
                if wire == 2 and payload == value.encode():
                    return number
            for number in candidates:
                wire, payload = by_number[number][0]
                if wire == 2 and try_parse(payload) and value.encode() in payload:
                    return number
            try:
                raw = base64.b64decode(value, validate=True)
                for number in candidates:
                    wire, payload = by_number[number][0]
                    if wire == 2 and payload == raw:
                        return number
            except ValueError:
                pass
        if isinstance(value, list) and value:
            first = value[0]
            if isinstance(first, str):
                for number in candidates:
                    wire, payload = by_number[number][0]
                    if wire == 2 and payload == first.encode():
                        return number
            if isinstance(first, int) and not isinstance(first, bool) and first in candidates:
                return first
        # By elimination: the lowest remaining length-delimited field.
        for number in sorted(candidates):
            if by_number[number][0][0] == 2 and isinstance(value, (dict, list, str)):
                return number
        return None

    def new_field(self, parent, key, value, number, occurrences, path):
        wire, payload = occurrences[0]
        flags = "op"
        ref = ""
        if isinstance(value, bool):
            kind = "b"
        elif isinstance(value, int):
            kind = "l" if key.endswith("Seconds") or value > 2**31 else "i"
        elif isinstance(value, str):
            if wire != 2:
                kind = "i"
            elif payload == value.encode():
                kind = "s"
            elif TIME_RE.match(value):
                kind, ref = "m", ("meta.v1.MicroTime" if "." in value else "meta.v1.Time")
            elif try_parse(payload) is not None and value.encode() in payload:
                kind, ref = "m", "resource.Quantity"
            else:
                kind = "y"
        elif isinstance(value, list):
            flags = "or"
            if not value:
                kind = "s"
            elif isinstance(value[0], str):
                kind = "s"
            elif isinstance(value[0], bool):
                kind = "b"
            elif isinstance(value[0], int):
                kind = "i"
            else:
                kind, ref = "m", self.new_message_for(parent, key, payload, value[0], path + "[]")
        elif isinstance(value, dict):
            entries = [try_parse(p) for w, p in occurrences]
            if value and all(e and e[0][0] == 1 and e[0][1] == 2 for e in entries) and \
                    len(entries) == len(value) and all(e[0][2].decode(errors="replace") in value for e in entries):
                sample = next(iter(value.values()))
                flags = "o"
                sample_payload = next((v for n, w, v in entries[0] if n == 2), b"")
                if isinstance(sample, str) and sample_payload != sample.encode() and try_parse(sample_payload) \
                        and sample.encode() in sample_payload:
                    kind, ref = "Mm", "resource.Quantity"
                elif isinstance(sample, str):
                    kind = "Ms"
                elif isinstance(sample, list):
                    kind, ref = "Mm", self.wrapped_slice_for(parent, key, sample)
                else:
                    kind, ref = "Mm", self.new_message_for(parent, key, next(v for n, w, v in entries[0] if n == 2), sample, path + "{}")
            elif list(value.keys())[:1] and try_parse(payload) and len(try_parse(payload)) == 1 and \
                    try_parse(payload)[0][0] == 1 and payload.endswith(json.dumps(value, separators=(",", ":")).encode()):
                kind, ref = "m", "runtime.RawExtension"
            else:
                kind, ref = "m", self.new_message_for(parent, key, payload, value, path)
        else:
            kind = "s"
        return {"json": key, "number": number, "kind": kind, "flags": flags, "ref": ref}

    def wrapped_slice_for(self, parent, key, sample):
        """Return a message of repeated items (a named Go slice) for map values that are lists."""
        item = "s" if not sample or isinstance(sample[0], str) else "i"
        for name, message in self.schema.items():
            if message["special"] == "W" and message["fields"][0]["kind"] == item:
                return name
        name = parent.rsplit(".", 1)[0] + "." + key[0].upper() + key[1:] + "Value"
        self.new_messages[name] = [{"json": "items", "number": 1, "kind": item, "flags": "r", "ref": ""}]
        self.wrapped.add(name)
        return name

    def new_message_for(self, parent, key, payload, value, path):
        if key == "metadata":
            return "meta.v1.ObjectMeta"
        if isinstance(value, dict) and list(value.keys()) == ["type", "status", "observedGeneration", "lastTransitionTime", "reason", "message"]:
            return "meta.v1.Condition"
        package = parent.rsplit(".", 1)[0]
        name = package + "." + parent.rsplit(".", 1)[1] + key[0].upper() + key[1:]
        if name not in self.new_messages:
            self.new_messages[name] = []
            self.walk_new(name, payload, value, path)
        return name

    def walk_new(self, name, payload, value, path):
        if isinstance(value, dict):
            self.walk(name, payload, value, path)


def signature(deriver, name, seen=()):
    """Return a message's shape: JSON names, numbers and kinds, recursively."""
    if name in seen:
        return ("recursive", name)
    if name not in deriver.new_messages and deriver.schema[name]["special"] != "-":
        return ("special", name)
    shape = []
    for field in deriver.message_fields(name):
        ref = signature(deriver, field["ref"], seen + (name,)) if field["ref"] else None
        kind = {"l": "i", "v": "i", "u": "i"}.get(field["kind"], field["kind"])
        shape.append((field["json"], field["number"], kind, "r" in field["flags"], ref))
    return tuple(shape)


def adopt_known_twins(self):
    """Replaces drafted messages by schema messages of the same shape.

    A drafted top-level kind keeps its name but takes the twin's flags, so a
    type promoted to a new version reads as the version it came from.
    """
    known = {}
    for name in self.schema:
        if self.schema[name]["special"] == "-" and self.schema[name]["fields"]:
            known.setdefault(signature(self, name), []).append(name)
    replaced = {}
    for name in list(self.new_messages):
        shape = signature(self, name)
        if shape not in known:
            continue
        group = name.split(".")[0]
        candidates = sorted(known[shape], key=lambda other: (other.split(".")[0] != group, other.rsplit(".", 1)[1] != name.rsplit(".", 1)[1]))
        twin = candidates[0]
        if self.new_messages[name] and self.new_messages[name][0]["kind"] == "t":
            self.new_messages[name] = [dict(f) for f in self.schema[twin]["fields"]]
        else:
            replaced[name] = twin
    for name in replaced:
        del self.new_messages[name]
    for fields in list(self.new_messages.values()) + [[f for _, f in adds] for adds in self.added.values()]:
        for field in fields:
            while field["ref"] in replaced:
                field["ref"] = replaced[field["ref"]]
    return replaced


Deriver.adopt_known_twins = adopt_known_twins

VERSION_RANK = ["v1", "v1beta3", "v1beta2", "v1beta1", "v1alpha3", "v1alpha2", "v1alpha1"]


def copy_from_sibling(self, message):
    """Drafts a kind new to its version as a copy of the newest version of it.

    Every message of the sibling's package that the kind reaches is copied
    into the new package, so inline embedding and flags carry over. The
    fixture walk then adds and removes what changed.
    """
    group, version, kind = message.split(".")
    siblings = [name for name in list(self.schema) + list(self.new_messages)
                if name.split(".")[0] == group and name.split(".")[2:] == [kind] and name != message]
    if not siblings:
        return False
    siblings.sort(key=lambda name: VERSION_RANK.index(name.split(".")[1]) if name.split(".")[1] in VERSION_RANK else 99)
    source = siblings[0]
    source_package = ".".join(source.split(".")[:2])
    target_package = group + "." + version
    pending = [source]
    copied = set()
    while pending:
        name = pending.pop()
        if name in copied:
            continue
        copied.add(name)
        new_name = target_package + name[len(source_package):]
        if new_name in self.schema or new_name in self.new_messages:
            continue
        fields = []
        for field in self.message_fields(name):
            field = dict(field)
            if field["ref"].startswith(source_package + "."):
                pending.append(field["ref"])
                field["ref"] = target_package + field["ref"][len(source_package):]
            fields.append(field)
        if name in self.schema and self.schema[name]["special"] != "-":
            continue
        self.new_messages[new_name] = fields
        self.copied_from[new_name] = name
    return True


def drop_missing(self, name, data, obj, seen=None):
    """Removes copied fields whose JSON member the fixture no longer has."""
    seen = seen if seen is not None else set()
    if name in seen or name not in self.copied_from or not isinstance(obj, dict):
        return
    seen.add(name)
    pb_numbers = {}
    for number, wire, value in try_parse(data) or []:
        pb_numbers.setdefault(number, []).append(value)
    kept = []
    for field in self.new_messages[name]:
        if field["kind"] == "t":
            kept.append(field)
            continue
        inline = "n" in field["flags"]
        if not inline and field["json"] not in obj:
            self.notes.append(f"{name}: dropped {field['json']}={field['number']}, which the fixture lacks")
            continue
        if not inline and not number_agrees(field, obj[field["json"]], pb_numbers):
            self.notes.append(f"{name}: dropped {field['json']}={field['number']}, whose number changed")
            continue
        kept.append(field)
        if field["kind"] == "m" and field["ref"] in self.copied_from and field["number"] in pb_numbers:
            payload = pb_numbers[field["number"]][0]
            value = obj if inline else obj[field["json"]]
            if isinstance(value, list):
                value = value[0] if value else None
            self.drop_missing(field["ref"], payload, value, seen)
    self.new_messages[name] = kept


def number_agrees(field, value, pb_numbers):
    """Report whether a copied field's number still carries the fixture's value."""
    values = pb_numbers.get(field["number"])
    if not values:
        return False
    if isinstance(value, bool):
        return True
    if isinstance(value, int):
        return value == field["number"]
    if isinstance(value, str):
        time_match = TIME_RE.match(value)
        if time_match:
            return int(time_match.group(1)) - 2000 == field["number"]
        payload = values[0]
        return isinstance(payload, bytes) and (payload == value.encode() or value.encode() in payload
                                               or field["kind"] == "y")
    if isinstance(value, list) and value and isinstance(value[0], (int, str)) and not isinstance(value[0], bool):
        first = value[0]
        if isinstance(first, int):
            return first == field["number"]
        return values[0] == first.encode() or first.encode() in values[0]
    return True


Deriver.copy_from_sibling = copy_from_sibling
Deriver.drop_missing = drop_missing


def by_number_of(owner, name, data, field, deriver):
    """Return the protobuf occurrences of `field`, looking through inline fields."""
    pb_fields = parse_message(data)
    if owner == name:
        return [(w, v) for n, w, v in pb_fields if n == field["number"]]
    for outer in deriver.message_fields(name):
        if "n" in outer["flags"] and outer["kind"] == "m":
            for n, w, v in pb_fields:
                if n == outer["number"] and w == 2:
                    found = by_number_of(owner, outer["ref"], v, field, deriver)
                    if found:
                        return found
    return []


def fixture_type(name):
    parts = name.split(".")
    kind, version = parts[-1], parts[-2]
    group = ".".join(parts[:-2])
    if group == "core":
        return "core." + version + "." + kind
    directory = {"internal.apiserver.k8s.io": "apiserverinternal", "flowcontrol.apiserver.k8s.io": "flowcontrol",
                 "rbac.authorization.k8s.io": "rbac"}.get(group, group[:-len(".k8s.io")] if group.endswith(".k8s.io") else group)
    return directory + "." + version + "." + kind


def main(directories):
    deriver = Deriver()
    for directory in directories:
        for filename in sorted(os.listdir(directory)):
            if not filename.endswith(".pb") or "after_roundtrip" in filename:
                continue
            base = filename[:-3]
            data = open(os.path.join(directory, filename), "rb").read()
            obj = json.load(open(os.path.join(directory, base + ".json")), object_pairs_hook=OrderedDict)
            envelope = dict((n, v) for n, w, v in parse_message(data[4:]))
            raw = envelope[2]
            message = fixture_type(base)
            if message.startswith("core.") and message not in deriver.schema:
                meta = "meta." + message[len("core."):]
                if meta in deriver.schema:
                    message = meta
            if message not in deriver.schema and message not in deriver.new_messages:
                if not deriver.copy_from_sibling(message):
                    deriver.new_messages[message] = [{"json": "", "number": 0, "kind": "t", "flags": "n", "ref": ""}]
                    deriver.walk_new(message, raw, obj, base)
                    continue
                deriver.drop_missing(message, raw, obj)
            deriver.walk(message, raw, obj, base)
    deriver.adopt_known_twins()
    for name, fields in deriver.new_messages.items():
        special = "W" if name in deriver.wrapped else "-"
        print(name + " " + special + " " + " ".join(format_field(f) for f in fields))
    for name, additions in deriver.added.items():
        for after, field in additions:
            print(f"+{name} {after} {format_field(field)}")
    for note in deriver.notes:
        sys.stderr.write("note: " + note + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
