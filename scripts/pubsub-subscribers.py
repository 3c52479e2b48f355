#!/usr/bin/env python3
"""Subscribers for scripts/compare.sh's PUBLISH fan-out runs.

    pubsub-subscribers.py PORT COUNT CHANNEL

Opens COUNT connections to 127.0.0.1:PORT, SUBSCRIBEs each to CHANNEL, prints "ready" once every subscription is
confirmed, then reads and discards everything the server sends (so no output buffer grows on either server) until
it is terminated. On exit it prints the bytes each connection received, summed, to standard error.
"""
import selectors
import signal
import socket
import sys


def main():
    port, count, channel = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3].encode()
    request = b"*2\r\n$9\r\nSUBSCRIBE\r\n$%d\r\n%s\r\n" % (len(channel), channel)
    confirmation = b"*3\r\n$9\r\nsubscribe\r\n"
    selector = selectors.DefaultSelector()
    sockets = []
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(request)
        sockets.append(s)
    for s in sockets:
        reply = b""
        while confirmation not in reply or not reply.endswith(b"\r\n") or reply.count(b"\r\n") < 6:
            reply += s.recv(4096)
        s.setblocking(False)
        selector.register(s, selectors.EVENT_READ)
    print("ready", flush=True)

    received = 0
    running = True

    def stop(*_):
        nonlocal running
        running = False

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while running:
        for key, _ in selector.select(timeout=0.5):
            try:
                data = key.fileobj.recv(1 << 20)
            except BlockingIOError:
                continue
            if not data:
                selector.unregister(key.fileobj)
                continue
            received += len(data)
    print(f"subscribers received {received} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
