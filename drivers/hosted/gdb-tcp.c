/*
 * The hosted board's gdb transport: a TCP listener, as QEMU's
 * "-gdb tcp:[HOST]:PORT". One debugger at a time; when it goes away the
 * next connection is accepted. Port 0 takes a free port (printed), so
 * tests can run side by side.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "drivers.h"

const char board_gdb_default[] = "tcp::1234";

static int listen_fd = -1, conn_fd = -1;

int board_gdb_open(const char *dev, const char **why)
{
    char host[256];
    const char *colon;
    struct addrinfo hints = {0}, *ai = NULL;
    struct sockaddr_in6 bound;
    socklen_t blen = sizeof(bound);
    char *end;
    long port;
    int one = 1, fd;

    if (strncmp(dev, "tcp:", 4) != 0 || !(colon = strrchr(dev + 4, ':'))) {
        *why = "the hosted build takes tcp:[HOST]:PORT (QEMU's -gdb)";
        return -1;
    }
    port = strtol(colon + 1, &end, 10);
    if (!colon[1] || *end || port < 0 || port > 65535) {
        *why = "the port must be a number from 0 to 65535";
        return -1;
    }
    if ((size_t)(colon - (dev + 4)) >= sizeof(host)) {
        *why = "the host name is too long";
        return -1;
    }
    memcpy(host, dev + 4, (size_t)(colon - (dev + 4)));
    host[colon - (dev + 4)] = 0;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    if (getaddrinfo(host[0] ? host : NULL, colon + 1, &hints, &ai) || !ai) {
        *why = "unknown host";
        return -1;
    }
    fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        freeaddrinfo(ai);
        *why = strerror(errno);
        return -1;
    }
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 || listen(fd, 1) < 0) {
        *why = strerror(errno);
        freeaddrinfo(ai);
        close(fd);
        return -1;
    }
    freeaddrinfo(ai);
    if (getsockname(fd, (struct sockaddr *)&bound, &blen) == 0) {
        port = ntohs(bound.sin6_port); /* same offset in sockaddr_in */
    }
    listen_fd = fd;
    printf("bmx86: gdb: listening on tcp:%s:%ld\n", host, port);
    fflush(stdout);
    return 0;
}

/* A connection, waiting for one if asked to. */
static bool gdb_connected(bool wait)
{
    struct pollfd pfd = {.fd = listen_fd, .events = POLLIN};
    int one = 1;

    if (conn_fd >= 0) {
        return true;
    }
    if (listen_fd < 0 || poll(&pfd, 1, wait ? -1 : 0) <= 0) {
        return false;
    }
    conn_fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
    if (conn_fd >= 0) {
        /* small packets go out at once, as QEMU's chardev does */
        setsockopt(conn_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    }
    return conn_fd >= 0;
}

static void gdb_disconnect(void)
{
    close(conn_fd);
    conn_fd = -1;
}

int board_gdb_getc(bool wait)
{
    struct pollfd pfd;
    uint8_t c;
    ssize_t n;

    if (!gdb_connected(wait)) {
        return -1;
    }
    pfd = (struct pollfd){.fd = conn_fd, .events = POLLIN};
    if (poll(&pfd, 1, wait ? -1 : 0) <= 0) {
        return -1;
    }
    n = read(conn_fd, &c, 1);
    if (n <= 0) {
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
            return -1;
        }
        gdb_disconnect();
        return -2;
    }
    return c;
}

void board_gdb_write(const uint8_t *buf, size_t len)
{
    while (len && conn_fd >= 0) {
        ssize_t n = send(conn_fd, buf, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            gdb_disconnect(); /* the next read reports it gone */
            return;
        }
        buf += n;
        len -= (size_t)n;
    }
}
