// The EtcdStore module.
