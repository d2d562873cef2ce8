"""A local SMTP server that keeps every message it receives as a file, for the production smoke test.

    python .ci/smtp_sink.py HOST PORT MAILDIR

Each message becomes MAILDIR/NNNN.eml (the envelope recipients in an X-Smoke-Rcpt header), written
under a temporary name and renamed, so a reader never sees half a message. Uses aiosmtpd (a dev
dependency); stops on SIGTERM/SIGINT.
"""

import itertools
import os
import signal
import sys
import threading
from pathlib import Path

from aiosmtpd.controller import Controller


class Keep:
    def __init__(self, folder):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.numbers = itertools.count(1)
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            n = next(self.numbers)
        tmp = self.folder / f".{n:04d}.tmp"
        header = f"X-Smoke-Rcpt: {', '.join(envelope.rcpt_tos)}\r\n".encode()
        tmp.write_bytes(header + envelope.original_content)
        os.replace(tmp, self.folder / f"{n:04d}.eml")
        print(
            f"smtp-sink: message {n} from {envelope.mail_from} to {', '.join(envelope.rcpt_tos)}", flush=True
        )
        return "250 Message accepted for delivery"


def main():
    host, port, folder = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    controller = Controller(Keep(folder), hostname=host, port=port, data_size_limit=50 * 1024 * 1024)
    controller.start()
    print(f"smtp-sink: listening on {host}:{port}, messages in {folder}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
