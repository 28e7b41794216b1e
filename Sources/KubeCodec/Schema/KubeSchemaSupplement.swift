extension KubeSchema {
    /// Types and fields the packaged API sources predate (Kubernetes 1.33 and
    /// later, apiextensions.k8s.io, apiregistration.k8s.io), in the format
    /// `KubeSchema` describes. Written by hand from the published API, and
    /// checked against the serialization fixtures by the conformance tests.
    static let supplementText = #"""
# A message without fields, for types the schema does not know.
ketcd.Empty -
"""#
}
