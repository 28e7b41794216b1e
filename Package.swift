// swift-tools-version:6.0
// The ketcd package: one executable, libraries split by concern, and C
// libraries from Debian packages reached through system-library targets.

import PackageDescription

let package = Package(
    name: "ketcd",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ketcd", targets: ["ketcd"]),
        .library(name: "KetcdCommand", targets: ["KetcdCommand"]),
    ],
    targets: [
        // C libraries (Debian: libgrpc-dev, libssl-dev, libyaml-dev, libsodium-dev).
        // Each module map links its libraries by name; grpc's pkg-config file is
        // deliberately not named, because its flag list overflows the link step.
        .systemLibrary(name: "CGRPCCore", path: "Sources/CGRPCCore"),
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL"),
        .systemLibrary(name: "CYAML", path: "Sources/CYAML"),
        .systemLibrary(name: "CSodium", path: "Sources/CSodium"),

        // Protocol Buffers wire format: reader and writer.
        .target(name: "Protobuf"),

        // etcd v3 API messages and the revisioned key range source that both the
        // live client and the offline store serve.
        .target(name: "EtcdAPI", dependencies: ["Protobuf"]),

        // etcd v3 client over gRPC C-core.
        .target(name: "EtcdClient", dependencies: ["EtcdAPI", "Protobuf", "CGRPCCore", "COpenSSL"]),

        // Offline reading of bbolt databases and snapshot files.
        .target(name: "EtcdStore", dependencies: ["EtcdAPI", "Protobuf", "COpenSSL"]),

        // The Kubernetes schema, storage envelope, decode/encode, encryption at rest.
        .target(
            name: "KubeCodec",
            dependencies: ["Protobuf", "CYAML", "COpenSSL", "CSodium"],
            resources: []
        ),

        // Resource-to-key mapping, selectors, printers.
        .target(name: "KubeResources", dependencies: ["KubeCodec", "EtcdAPI"]),

        // X.509 inspection and PKI discovery.
        .target(name: "Certificates", dependencies: ["COpenSSL", "KubeCodec", "EtcdAPI"]),

        // Argument parsing and output for every command.
        .target(
            name: "KetcdCommand",
            dependencies: [
                "Protobuf", "EtcdAPI", "EtcdClient", "EtcdStore", "KubeCodec",
                "KubeResources", "Certificates", "COpenSSL",
            ]
        ),
        .executableTarget(name: "ketcd", dependencies: ["KetcdCommand"]),

        // Throughput of the storage codec; see bench/codec/README.md.
        .executableTarget(name: "KubeCodecBench", dependencies: ["KubeCodec"], path: "bench/codec/Sources"),

        // Shared by the test targets: real etcd servers on loopback, a kubeadm
        // PKI made by openssl, the ketcd and etcdctl binaries.
        .target(name: "EtcdTestSupport", path: "Tests/EtcdTestSupport"),

        .testTarget(name: "ProtobufTests", dependencies: ["Protobuf"]),
        .testTarget(name: "EtcdClientTests", dependencies: ["EtcdClient", "EtcdTestSupport"]),
        .testTarget(name: "EtcdStoreTests", dependencies: ["EtcdStore", "EtcdTestSupport"]),
        .testTarget(name: "KubeCodecTests", dependencies: ["KubeCodec"]),
        .testTarget(name: "KubeResourcesTests", dependencies: ["KubeResources"]),
        .testTarget(
            name: "CertificatesTests",
            dependencies: ["Certificates", "KubeCodec", "EtcdAPI", "EtcdClient", "EtcdStore", "EtcdTestSupport"]
        ),
        .testTarget(name: "KetcdCommandTests", dependencies: ["KetcdCommand", "EtcdTestSupport"]),
    ]
)
