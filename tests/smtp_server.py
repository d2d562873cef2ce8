"""A local SMTP server that counts the connections it accepts and the messages it receives."""

import socket
import threading


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class CountingSMTPServer:
    """aiosmtpd in a thread; counts TCP connections and received messages."""

    def __init__(self):
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import SMTP

        server = self
        self.connections = 0
        self.messages = 0
        self.lock = threading.Lock()

        class Handler:
            async def handle_DATA(self, smtp, session, envelope):
                with server.lock:
                    server.messages += 1
                return "250 OK"

        class CountingSMTP(SMTP):
            def connection_made(self, transport):
                with server.lock:
                    server.connections += 1
                super().connection_made(transport)

        class CountingController(Controller):
            def factory(self):
                return CountingSMTP(self.handler, **self.SMTP_kwargs)

        self.port = free_port()
        self.controller = CountingController(Handler(), hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        # Controller.start() opens one connection of its own to check the server is up.
        with self.lock:
            self.connections = 0
        return self

    def __exit__(self, *exc):
        self.controller.stop()
