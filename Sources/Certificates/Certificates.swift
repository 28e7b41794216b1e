// The Certificates module.
