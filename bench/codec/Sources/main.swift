// Measures KubeCodec on one core: stored values to JSON and YAML, and JSON
// back to stored bytes. Input is a dump file of records
// (u32le key length, key, u32le value length, value), the format the Go peer
// in the shared bench tools reads, loaded into memory before timing.
//
//   KubeCodecBench DUMP [--repeat N] [--only MEASURE]
//
// Prints one line per measure: objects, seconds, objects/s, MB/s of input
// and MB of output. bench/codec/run.sh runs each measure in its own process
// to read its peak memory.

import Foundation
import KubeCodec

struct Record {
    var key: String
    var value: [UInt8]
}

func readDump(_ path: String) throws -> [Record] {
    let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    var records: [Record] = []
    var offset = 0
    func u32(_ at: Int) -> Int {
        Int(data[at]) | Int(data[at + 1]) << 8 | Int(data[at + 2]) << 16 | Int(data[at + 3]) << 24
    }
    while offset + 4 <= data.count {
        let keyLength = u32(offset)
        let key = String(decoding: data[(offset + 4)..<(offset + 4 + keyLength)], as: UTF8.self)
        offset += 4 + keyLength
        let valueLength = u32(offset)
        records.append(Record(key: key, value: Array(data[(offset + 4)..<(offset + 4 + valueLength)])))
        offset += 4 + valueLength
    }
    return records
}

func measure(_ name: String, only: String?, records: [Record], repeat count: Int, inputBytes: Int, _ body: (Record) throws -> Int) rethrows {
    if let only, only != name { return }
    var outputBytes = 0
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<count {
        for record in records {
            outputBytes += try body(record)
        }
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let objects = records.count * count
    let megabytes = Double(inputBytes * count) / 1e6
    print(String(format: "%-22@ objects=%d secs=%.3f objects_per_s=%.0f in_MB_per_s=%.1f out_MB=%.1f",
                 name as NSString, objects, seconds, Double(objects) / seconds, megabytes / seconds,
                 Double(outputBytes) / 1e6))
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: KubeCodecBench DUMP [--repeat N] [--only MEASURE]\n".utf8))
    exit(2)
}
var repeatCount = 1
if let index = arguments.firstIndex(of: "--repeat"), index + 1 < arguments.count, let count = Int(arguments[index + 1]) {
    repeatCount = count
}
/// Runs only the measure of this name (for profiling one path).
var only: String?
if let index = arguments.firstIndex(of: "--only"), index + 1 < arguments.count {
    only = arguments[index + 1]
}
let records = try readDump(arguments[1])
let inputBytes = records.reduce(0) { $0 + $1.value.count }
print("dump: \(records.count) objects, \(String(format: "%.1f", Double(inputBytes) / 1e6)) MB")

var objects: [JSONValue] = []
objects.reserveCapacity(records.count)
for record in records where only == nil || only == "encode" {
    let decoded = try KubeStorageCodec.decode(value: record.value, key: record.key)
    // Encoding needs the type in the object; WatchEvent-like fixtures lack it.
    if let object = decoded.object, !decoded.kind.isEmpty, decoded.isKnownType { objects.append(object) }
}

try measure("decode", only: only, records: records, repeat: repeatCount, inputBytes: inputBytes) { record in
    _ = try KubeStorageCodec.decode(value: record.value, key: record.key)
    return 0
}
try measure("decode+json", only: only, records: records, repeat: repeatCount, inputBytes: inputBytes) { record in
    guard let object = try KubeStorageCodec.decode(value: record.value, key: record.key).object else { return 0 }
    return JSONSerializer.compact.serialize(object).count + 1
}
try measure("fast-json", only: only, records: records, repeat: repeatCount, inputBytes: inputBytes) { record in
    (try KubeStorageCodec.decodeToJSON(value: record.value, key: record.key).json?.count ?? 0) + 1
}
try measure("fast-json+parse", only: only, records: records, repeat: repeatCount, inputBytes: inputBytes) { record in
    guard let json = try KubeStorageCodec.decodeToJSON(value: record.value, key: record.key).json else { return 0 }
    _ = try JSONParser.parse(json)
    return json.count
}
try measure("fast-json-indented", only: only, records: records, repeat: repeatCount, inputBytes: inputBytes) { record in
    (try KubeStorageCodec.decodeToJSON(value: record.value, key: record.key, indented: true).json?.count ?? 0) + 1
}
try measure("decode+json-indented", only: only, records: records, repeat: repeatCount, inputBytes: inputBytes) { record in
    guard let object = try KubeStorageCodec.decode(value: record.value, key: record.key).object else { return 0 }
    return JSONSerializer.indented.serialize(object).count + 1
}
try measure("decode+yaml", only: only, records: records, repeat: repeatCount, inputBytes: inputBytes) { record in
    guard let object = try KubeStorageCodec.decode(value: record.value, key: record.key).object else { return 0 }
    return try YAML.serialize(object).count
}
var index = 0
try measure("encode", only: only, records: records, repeat: repeatCount, inputBytes: inputBytes) { _ in
    defer { index = (index + 1) % objects.count }
    return try KubeStorageCodec.encode(object: objects[index]).count
}
