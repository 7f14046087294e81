"""Run localstripe (PyPI `localstripe`, the real third-party fake) for one test process.

Started by the `localstripe` fixture as `python -m tests.stripe_support.run_localstripe`.
Unlike `localstripe --from-scratch` it binds 127.0.0.1 only, on a free port it picks
itself and prints on its first line of stdout (no race between workers), and it never
pickles its state to the shared `/tmp/localstripe.pickle` (localstripe writes that file
on every change, even from scratch, which parallel test workers would fight over).
State is wiped between tests with localstripe's own `DELETE /_config/data`.
"""

from __future__ import annotations

import socket
import sys

from aiohttp import web
from localstripe import resources, server


def main() -> None:
    resources.Store.dump_to_disk = lambda self: None  # type: ignore[method-assign]
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    print(sock.getsockname()[1], flush=True)
    web.run_app(server.app, sock=sock, print=None, access_log=None)


if __name__ == "__main__":
    sys.exit(main())
