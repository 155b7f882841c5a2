/* SHA-256 (FIPS 180-4), small and dependency-free.
 *
 * The docker CLI names each context's folder in the context store after the
 * SHA-256 of the context name, so resolving an endpoint needs the digest;
 * nothing here is used for security. */
#ifndef BERTH_SRC_SHA256_H
#define BERTH_SRC_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE 32
#define SHA256_HEX_SIZE 65 /* 64 hex digits and the terminator */

struct sha256_ctx {
    uint32_t state[8]; /* running hash */
    uint64_t length;   /* bytes hashed so far */
    uint8_t block[64]; /* pending partial block */
    size_t used;       /* bytes pending in block */
};

void sha256_init(struct sha256_ctx *ctx);
void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len);
void sha256_final(struct sha256_ctx *ctx, uint8_t out[SHA256_DIGEST_SIZE]);

/* One-shot digest of data[0..len) as lower-case hex. */
void sha256_hex(const void *data, size_t len, char out[SHA256_HEX_SIZE]);

#endif
