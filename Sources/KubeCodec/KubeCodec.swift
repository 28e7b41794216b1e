// The KubeCodec module.
