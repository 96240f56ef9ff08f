/*
 * The fan-out floor: the least a server can do to deliver one publication to N WebSocket subscribers on this box.
 * epoll, non-blocking sockets, one thread per core (SO_REUSEPORT spreads the connections), no allocation per
 * delivery: a publication becomes one pre-built frame, reference-counted, handed to every thread. Each thread
 * collects the publications that arrive during one pass over its ready events and then writes them to each of its
 * subscribers with one writev(2) (what the kernel accepts; the rest waits for EPOLLOUT): the same batching
 * Switchboard's FlushBatch does, without a JVM, a pipeline or a protocol layer.
 *
 * It speaks only what the bench's load generator sends (bench/src/.../ProtocolClient.java, Publisher.java): the
 * HTTP upgrade (Sec-WebSocket-Accept computed, no extensions), {"type":"welcome"} at open, a subscribe command
 * answered with {"type":"subscribed"}, and publish commands whose "data" is copied into
 * {"type":"publication","data":...}. Every subscriber of the server gets every publication (one channel).
 * Not a server to use: no fragmentation, no ping/pong, no validation beyond what the generator needs.
 *
 *   gcc -O2 -pthread -o fanout_floor fanout_floor.c && ./fanout_floor 8769 [threads]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#define MAX_THREADS 16
#define IN_CAP 65536

/* ---- SHA-1 and base64, for Sec-WebSocket-Accept (RFC 6455 4.2.2) ---- */

static uint32_t rol(uint32_t v, int n) { return (v << n) | (v >> (32 - n)); }

static void sha1(const uint8_t *msg, size_t len, uint8_t out[20]) {
    uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
    size_t total = ((len + 8) / 64 + 1) * 64;
    uint8_t *buf = calloc(total, 1);
    memcpy(buf, msg, len);
    buf[len] = 0x80;
    uint64_t bits = (uint64_t)len * 8;
    for (int i = 0; i < 8; i++) buf[total - 1 - i] = (uint8_t)(bits >> (8 * i));
    for (size_t off = 0; off < total; off += 64) {
        uint32_t w[80];
        for (int i = 0; i < 16; i++)
            w[i] = (uint32_t)buf[off + 4 * i] << 24 | (uint32_t)buf[off + 4 * i + 1] << 16 |
                   (uint32_t)buf[off + 4 * i + 2] << 8 | buf[off + 4 * i + 3];
        for (int i = 16; i < 80; i++) w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
        uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
        for (int i = 0; i < 80; i++) {
            uint32_t f, k;
            if (i < 20) { f = (b & c) | (~b & d); k = 0x5A827999; }
            else if (i < 40) { f = b ^ c ^ d; k = 0x6ED9EBA1; }
            else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8F1BBCDC; }
            else { f = b ^ c ^ d; k = 0xCA62C1D6; }
            uint32_t t = rol(a, 5) + f + e + k + w[i];
            e = d; d = c; c = rol(b, 30); b = a; a = t;
        }
        h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e;
    }
    free(buf);
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 4; j++) out[4 * i + j] = (uint8_t)(h[i] >> (24 - 8 * j));
}

static void base64(const uint8_t *in, size_t len, char *out) {
    static const char *abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t o = 0;
    for (size_t i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16 | (i + 1 < len ? (uint32_t)in[i + 1] << 8 : 0) | (i + 2 < len ? in[i + 2] : 0);
        out[o++] = abc[(v >> 18) & 63];
        out[o++] = abc[(v >> 12) & 63];
        out[o++] = i + 1 < len ? abc[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < len ? abc[v & 63] : '=';
    }
    out[o] = 0;
}

/* ---- frames shared by every subscriber ---- */

typedef struct frame {
    atomic_int refs;
    size_t len;
    uint8_t bytes[];
} frame;

static frame *frame_text(const char *text, size_t len) {
    size_t header = len < 126 ? 2 : len < 65536 ? 4 : 10;
    frame *f = malloc(sizeof(frame) + header + len);
    atomic_init(&f->refs, 1);
    f->len = header + len;
    f->bytes[0] = 0x81; /* FIN, text */
    if (len < 126) {
        f->bytes[1] = (uint8_t)len;
    } else if (len < 65536) {
        f->bytes[1] = 126; f->bytes[2] = (uint8_t)(len >> 8); f->bytes[3] = (uint8_t)len;
    } else {
        f->bytes[1] = 127;
        for (int i = 0; i < 8; i++) f->bytes[2 + i] = (uint8_t)((uint64_t)len >> (56 - 8 * i));
    }
    memcpy(f->bytes + header, text, len);
    return f;
}

static void frame_release(frame *f) {
    if (atomic_fetch_sub(&f->refs, 1) == 1) free(f);
}

/* ---- connections ---- */

typedef struct pending { /* what the kernel did not take yet: a frame and how much of it is still to go */
    frame *f;
    size_t off;
    struct pending *next;
} pending;

typedef struct conn {
    int fd;
    int upgraded, subscribed;
    uint8_t in[IN_CAP];
    size_t in_len;
    pending *head, *tail;
    struct conn *prev_sub, *next_sub;
} conn;

typedef struct worker {
    int epfd, listenfd, wakefd;
    pthread_t thread;
    conn *subs; /* this thread's subscribers */
    pthread_mutex_t lock;
    frame **inbox; /* publications handed over by other threads */
    size_t inbox_len, inbox_cap;
    frame **batch; /* publications to write at the end of this pass (this thread's own reference each) */
    size_t batch_len, batch_cap;
} worker;

static worker workers[MAX_THREADS];
static int thread_count = 2;

static void queue_frame(worker *w, conn *c, frame *f, size_t off) {
    pending *p = malloc(sizeof(pending));
    p->f = f; p->off = off; p->next = NULL;
    atomic_fetch_add(&f->refs, 1);
    if (c->tail) c->tail->next = p; else c->head = p;
    c->tail = p;
    struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.ptr = c};
    epoll_ctl(w->epfd, EPOLL_CTL_MOD, c->fd, &ev);
}

static void flush_pending(worker *w, conn *c) {
    while (c->head) {
        pending *p = c->head;
        ssize_t n = write(c->fd, p->f->bytes + p->off, p->f->len - p->off);
        if (n < 0) return;
        p->off += (size_t)n;
        if (p->off < p->f->len) return;
        c->head = p->next;
        if (!c->head) c->tail = NULL;
        frame_release(p->f);
        free(p);
    }
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
    epoll_ctl(w->epfd, EPOLL_CTL_MOD, c->fd, &ev);
}

static void close_conn(worker *w, conn *c) {
    if (c->subscribed) {
        if (c->prev_sub) c->prev_sub->next_sub = c->next_sub; else w->subs = c->next_sub;
        if (c->next_sub) c->next_sub->prev_sub = c->prev_sub;
    }
    while (c->head) {
        pending *p = c->head;
        c->head = p->next;
        frame_release(p->f);
        free(p);
    }
    epoll_ctl(w->epfd, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    free(c);
}

/* Keeps the frame (its reference passes to the batch) for the end of this pass over the ready events. */
static void deliver_local(worker *w, frame *f) {
    if (w->batch_len == w->batch_cap) {
        w->batch_cap = w->batch_cap ? w->batch_cap * 2 : 64;
        w->batch = realloc(w->batch, w->batch_cap * sizeof(frame *));
    }
    w->batch[w->batch_len++] = f;
}

#define MAX_IOV 64

/* Writes the pass's publications to every subscriber: one writev(2) per subscriber for up to MAX_IOV frames. */
static void flush_batch(worker *w) {
    for (size_t from = 0; from < w->batch_len; from += MAX_IOV) {
        size_t count = w->batch_len - from < MAX_IOV ? w->batch_len - from : MAX_IOV;
        struct iovec iov[MAX_IOV];
        size_t total = 0;
        for (size_t i = 0; i < count; i++) {
            iov[i].iov_base = w->batch[from + i]->bytes;
            iov[i].iov_len = w->batch[from + i]->len;
            total += iov[i].iov_len;
        }
        for (conn *c = w->subs; c; c = c->next_sub) {
            if (c->head) {
                for (size_t i = 0; i < count; i++) queue_frame(w, c, w->batch[from + i], 0);
                continue;
            }
            ssize_t n = writev(c->fd, iov, (int)count);
            size_t done = n > 0 ? (size_t)n : 0;
            if (done == total) continue;
            for (size_t i = 0; i < count; i++) { /* queue what the kernel did not take */
                frame *f = w->batch[from + i];
                if (done >= f->len) { done -= f->len; continue; }
                queue_frame(w, c, f, done);
                done = 0;
            }
        }
    }
    for (size_t i = 0; i < w->batch_len; i++) frame_release(w->batch[i]);
    w->batch_len = 0;
}

/* A publication goes to this thread's subscribers now and to every other thread's through its inbox. */
static void publish(worker *self, frame *f) {
    for (int i = 0; i < thread_count; i++) {
        worker *w = &workers[i];
        if (w == self) continue;
        atomic_fetch_add(&f->refs, 1);
        pthread_mutex_lock(&w->lock);
        if (w->inbox_len == w->inbox_cap) {
            w->inbox_cap = w->inbox_cap ? w->inbox_cap * 2 : 64;
            w->inbox = realloc(w->inbox, w->inbox_cap * sizeof(frame *));
        }
        w->inbox[w->inbox_len++] = f;
        pthread_mutex_unlock(&w->lock);
        uint64_t one = 1;
        if (write(w->wakefd, &one, 8) < 0) { /* the counter is saturated: the thread is awake anyway */ }
    }
    deliver_local(self, f); /* the creator's reference goes to the batch */
}

static void drain_inbox(worker *w) {
    uint64_t count;
    if (read(w->wakefd, &count, 8) < 0) return;
    pthread_mutex_lock(&w->lock);
    frame **items = w->inbox;
    size_t n = w->inbox_len;
    w->inbox = NULL; w->inbox_len = 0; w->inbox_cap = 0;
    pthread_mutex_unlock(&w->lock);
    for (size_t i = 0; i < n; i++) deliver_local(w, items[i]); /* the inbox's reference goes to the batch */
    free(items);
}

static const char *find(const uint8_t *hay, size_t len, const char *needle) {
    return memmem(hay, len, needle, strlen(needle));
}

static void write_text(int fd, const char *text) {
    frame *f = frame_text(text, strlen(text));
    if (write(fd, f->bytes, f->len) < 0) { /* the close follows from the read side */ }
    frame_release(f);
}

static int handle_upgrade(conn *c) {
    const char *end = find(c->in, c->in_len, "\r\n\r\n");
    if (!end) return c->in_len < IN_CAP ? 0 : -1;
    const char *key = find(c->in, c->in_len, "Sec-WebSocket-Key:");
    if (!key) key = find(c->in, c->in_len, "sec-websocket-key:");
    if (!key) return -1;
    key += strlen("Sec-WebSocket-Key:");
    while (*key == ' ') key++;
    const char *key_end = strstr(key, "\r\n"); /* in[] is NUL-terminated after each read */
    char input[128];
    int klen = (int)(key_end - key);
    if (klen <= 0 || klen > 64) return -1;
    snprintf(input, sizeof input, "%.*s258EAFA5-E914-47DA-95CA-C5AB0DC85B11", klen, key);
    uint8_t digest[20];
    sha1((const uint8_t *)input, strlen(input), digest);
    char accept[32];
    base64(digest, 20, accept);
    char response[256];
    int n = snprintf(response, sizeof response,
                     "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Accept: %s\r\n\r\n", accept);
    if (write(c->fd, response, (size_t)n) != n) return -1;
    write_text(c->fd, "{\"type\":\"welcome\"}");
    size_t consumed = (size_t)((const uint8_t *)end + 4 - c->in);
    memmove(c->in, c->in + consumed, c->in_len - consumed);
    c->in_len -= consumed;
    c->upgraded = 1;
    return 1;
}

/* Client frames are masked (RFC 6455 5.3); the generator never fragments. Returns -1 to close. */
static int handle_frames(worker *w, conn *c) {
    for (;;) {
        if (c->in_len < 2) return 0;
        uint8_t opcode = c->in[0] & 0x0F;
        uint64_t len = c->in[1] & 0x7F;
        size_t header = 2;
        if (len == 126) {
            if (c->in_len < 4) return 0;
            len = (uint64_t)c->in[2] << 8 | c->in[3]; header = 4;
        } else if (len == 127) {
            if (c->in_len < 10) return 0;
            len = 0;
            for (int i = 0; i < 8; i++) len = len << 8 | c->in[2 + i];
            header = 10;
        }
        if (len > IN_CAP - 14) return -1;
        if (c->in_len < header + 4 + len) return 0;
        uint8_t *mask = c->in + header, *payload = c->in + header + 4;
        for (uint64_t i = 0; i < len; i++) payload[i] ^= mask[i & 3];
        if (opcode == 0x8) return -1;
        if (opcode == 0x1) {
            const char *data = find(payload, len, "\"data\":");
            if (data && find(payload, len, "\"publish\"")) {
                data += strlen("\"data\":");
                size_t dlen = (size_t)((const char *)payload + len - data) - 1; /* without the command's '}' */
                char text[IN_CAP];
                int n = snprintf(text, sizeof text, "{\"type\":\"publication\",\"data\":%.*s}", (int)dlen, data);
                publish(w, frame_text(text, (size_t)n));
            } else if (find(payload, len, "\"subscribe\"") && !c->subscribed) {
                c->subscribed = 1;
                c->next_sub = w->subs;
                if (w->subs) w->subs->prev_sub = c;
                w->subs = c;
                write_text(c->fd, "{\"type\":\"subscribed\",\"id\":1}");
            }
        }
        size_t consumed = header + 4 + (size_t)len;
        memmove(c->in, c->in + consumed, c->in_len - consumed);
        c->in_len -= consumed;
    }
}

static void on_readable(worker *w, conn *c) {
    for (;;) {
        ssize_t n = read(c->fd, c->in + c->in_len, IN_CAP - 1 - c->in_len);
        if (n == 0 || (n < 0 && errno != EAGAIN)) { close_conn(w, c); return; }
        if (n < 0) return;
        c->in_len += (size_t)n;
        c->in[c->in_len] = 0; /* the upgrade's header search may use string functions */
        int r = c->upgraded ? handle_frames(w, c) : handle_upgrade(c);
        if (r < 0) { close_conn(w, c); return; }
        if (r == 1 && handle_frames(w, c) < 0) { close_conn(w, c); return; }
    }
}

static int listen_on(int port) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                               .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(fd, 4096) < 0) {
        perror("listen");
        exit(1);
    }
    return fd;
}

static void *run(void *arg) {
    worker *w = arg;
    struct epoll_event events[256];
    for (;;) {
        int n = epoll_wait(w->epfd, events, 256, -1);
        for (int i = 0; i < n; i++) {
            void *ptr = events[i].data.ptr;
            if (ptr == &w->listenfd) {
                int fd;
                while ((fd = accept4(w->listenfd, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    int one = 1;
                    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    conn *c = calloc(1, sizeof(conn));
                    c->fd = fd;
                    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
                    epoll_ctl(w->epfd, EPOLL_CTL_ADD, fd, &ev);
                }
            } else if (ptr == &w->wakefd) {
                drain_inbox(w);
            } else {
                conn *c = ptr;
                if (events[i].events & EPOLLOUT) flush_pending(w, c);
                if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) on_readable(w, c);
            }
        }
        if (w->batch_len) flush_batch(w);
    }
    return NULL;
}

int main(int argc, char **argv) {
    int port = argc > 1 ? atoi(argv[1]) : 8769;
    thread_count = argc > 2 ? atoi(argv[2]) : 2;
    if (thread_count < 1 || thread_count > MAX_THREADS) thread_count = 2;
    for (int i = 0; i < thread_count; i++) {
        worker *w = &workers[i];
        w->epfd = epoll_create1(0);
        w->listenfd = listen_on(port);
        w->wakefd = eventfd(0, EFD_NONBLOCK);
        pthread_mutex_init(&w->lock, NULL);
        struct epoll_event lev = {.events = EPOLLIN, .data.ptr = &w->listenfd};
        epoll_ctl(w->epfd, EPOLL_CTL_ADD, w->listenfd, &lev);
        struct epoll_event wev = {.events = EPOLLIN, .data.ptr = &w->wakefd};
        epoll_ctl(w->epfd, EPOLL_CTL_ADD, w->wakefd, &wev);
    }
    fprintf(stderr, "fan-out floor on 127.0.0.1:%d, %d threads\n", port, thread_count);
    for (int i = 1; i < thread_count; i++) pthread_create(&workers[i].thread, NULL, run, &workers[i]);
    run(&workers[0]);
    return 0;
}
