// gRPC C-core (Debian libgrpc-dev) for Swift. Macros that Swift cannot import
// are wrapped here as inline functions with a ketcd_ prefix.
#ifndef KETCD_CGRPCCORE_SHIM_H
#define KETCD_CGRPCCORE_SHIM_H

// gRPC's port_platform.h defines _GNU_SOURCE, which renames struct members in
// glibc headers (fd_set's __fds_bits becomes fds_bits). Including those
// headers first parses them with the same feature macros as Swift's Glibc
// module, so the two modules agree and clean builds do not fail.
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <pthread.h>
#include <sys/types.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <grpc/grpc.h>
#include <grpc/grpc_security.h>
#include <grpc/byte_buffer.h>
#include <grpc/byte_buffer_reader.h>
#include <grpc/slice.h>
#include <grpc/support/alloc.h>
#include <grpc/support/time.h>
#include <grpc/support/log.h>

/// GRPC_SLICE_START_PTR as a function.
static inline uint8_t *ketcd_grpc_slice_start(grpc_slice slice) {
    return GRPC_SLICE_START_PTR(slice);
}

/// GRPC_SLICE_LENGTH as a function.
static inline size_t ketcd_grpc_slice_length(grpc_slice slice) {
    return GRPC_SLICE_LENGTH(slice);
}

/// GRPC_PROPAGATE_DEFAULTS as a function: the propagation mask for a call
/// without a parent call.
static inline uint32_t ketcd_grpc_propagate_defaults(void) {
    return GRPC_PROPAGATE_DEFAULTS;
}

#endif
