"""Real HTTP receivers on loopback (http.server in a thread) that record what they are sent."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self):  # type: ignore[no-untyped-def]
        return json.loads(self.body)

    def form(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.body.decode()).items()}


@dataclass
class Receiver:
    """`status` answers every request (or `routes[path]`); `down` closes the connection without an answer."""

    status: int = 200
    answer: bytes = b"ok"
    routes: dict[str, tuple[int, bytes]] = field(default_factory=dict)
    down: bool = False
    requests: list[Received] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's hook
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                if receiver.down:
                    self.close_connection = True
                    self.connection.close()
                    return
                receiver.requests.append(Received(self.path, {k: v for k, v in self.headers.items()}, body))
                status, answer = receiver.routes.get(self.path, (receiver.status, receiver.answer))
                self.send_response(status)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args) -> None:  # noqa: ANN002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
