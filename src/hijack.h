/* Hijacked engine connections: exec and attach.
 *
 * POST /exec/{id}/start and /containers/{id}/attach answer "101 UPGRADED"
 * (or 200) and then turn the HTTP connection into a raw two-way stream.
 * libcurl cannot read such a reply as HTTP, so the request is written by
 * hand over a CONNECT_ONLY handle (one code path for unix sockets, TCP and
 * TLS), the header is read up to its blank line, and the bytes after it are
 * the stream. Client-to-engine bytes are always raw; engine-to-client bytes
 * are raw with a TTY and multiplexed (8-byte frame headers) without one:
 * hijack_demux splits those. No curses here. */
#ifndef BERTH_SRC_HIJACK_H
#define BERTH_SRC_HIJACK_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "engine.h"
#include "error.h"

/* hijack_recv: nothing to read yet (poll hijack_fd for POLLIN). */
#define HIJACK_AGAIN (-2)

struct hijack;

/* Connect to e's endpoint, send "POST path" (unversioned; the negotiated
 * version is prefixed) with the JSON body and the Upgrade headers, and read
 * the reply header. NULL with err holding the engine's own message when
 * the reply is not 101 or 200. Blocks for at most timeout_ms on the
 * connect and the header. */
struct hijack *hijack_open(struct engine *e, const char *path, const char *body, long timeout_ms,
                           struct berth_error *err);
/* The socket, for poll() (non-blocking). */
int hijack_fd(const struct hijack *h);
/* Stream bytes: > 0 read, 0 end of stream, HIJACK_AGAIN, -1 error. Bytes
 * that came with the header are returned first. */
ssize_t hijack_recv(struct hijack *h, void *buf, size_t n, struct berth_error *err);
/* Send all of buf (waits for room). 0, or -1 with err. */
int hijack_send(struct hijack *h, const void *buf, size_t n, struct berth_error *err);
/* End of input for the process (shutdown SHUT_WR). */
void hijack_shutdown_write(struct hijack *h);
/* Close the connection; NULL is ignored. Closing detaches an attach. */
void hijack_close(struct hijack *h);

/* --- pure helpers, exposed for tests ------------------------------------ */

/* The status code of an HTTP reply header ("HTTP/1.1 101 UPGRADED"), or -1
 * when it is not one. */
int hijack_parse_status(const char *head, size_t len);
/* Where the header block ends (just past "\r\n\r\n"), or 0 when it has not
 * ended within len bytes. */
size_t hijack_header_end(const char *buf, size_t len);

/* Splitting a multiplexed stream: frames of [stream, 0, 0, 0, size (4
 * bytes, big endian)] then size bytes; stream 1 is stdout, 2 stderr. The
 * state carries partial headers and payloads across reads of any size. */
struct hijack_demux {
    unsigned char head[8];
    size_t nhead; /* header bytes held */
    int stream;   /* stream of the frame being read */
    size_t left;  /* payload bytes still to come in it */
};

typedef void (*hijack_demux_fn)(void *user, int stream, const char *data, size_t len);

void hijack_demux_init(struct hijack_demux *d);
/* Feed n bytes; fn gets every payload piece in order. */
void hijack_demux_feed(struct hijack_demux *d, const void *data, size_t n, hijack_demux_fn fn,
                       void *user);

/* The detach sequence of attach (ctrl-p then ctrl-q), watched on the
 * operator's keys: state is 0 at the start. Returns true when the byte
 * completes the sequence. *held is set when the byte is a held ctrl-p that
 * must not be sent yet; *flush is set when a held ctrl-p turned out to be
 * plain input and must be sent before this byte. */
bool hijack_detach_step(int *state, unsigned char byte, bool *held, bool *flush);

#endif
