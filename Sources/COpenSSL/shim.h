// OpenSSL 3 (Debian libssl-dev) for Swift: libcrypto's X.509, PEM, hashing
// and ciphers, and libssl for the HTTPS reads of etcd's /metrics.
#ifndef KETCD_COPENSSL_SHIM_H
#define KETCD_COPENSSL_SHIM_H

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/sha.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#endif
