extension CommandGroup {
    static let endpoint = CommandGroup(
        "endpoint", summary: "Endpoint related commands",
        flags: [.bool("cluster", usage: "use all endpoints from the cluster member list")]
    )

    static let member = CommandGroup("member", summary: "Membership related commands")
}
