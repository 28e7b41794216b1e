// gRPC C-core (Debian libgrpc-dev) for Swift. Macros that Swift cannot import
// are wrapped here as inline functions with a ketcd_ prefix.
#ifndef KETCD_CGRPCCORE_SHIM_H
#define KETCD_CGRPCCORE_SHIM_H

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
