// The KubeResources module.
