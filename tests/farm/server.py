"""One threaded HTTP(S) server per farm site, on its own 127.0.0.x address; logs requests and bytes."""

from __future__ import annotations

import json
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.farm.sites import Site, etag_of

LAST_MODIFIED = "Wed, 05 Jun 2024 07:00:00 GMT"


@dataclass
class LogEntry:
    host: str
    method: str
    path: str
    status: int
    bytes: int
    at: float  # monotonic time the request arrived


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64


class SiteServer:
    def __init__(self, site: Site, ip: str, port: int = 0, cert: tuple[str, str] | None = None) -> None:
        self.site, self.ip = site, ip
        self.log: list[LogEntry] = []
        self.counts: dict[str, int] = {}
        self._lock = threading.Lock()
        if site.down:  # reserve a port, then close it: connections are refused, like a dead host
            sock = socket.socket()
            sock.bind((ip, port))
            self.port = sock.getsockname()[1]
            sock.close()
            self.httpd = None
        else:
            self.httpd = _Server((ip, port), self._handler())
            self.port = self.httpd.server_address[1]
            if site.scheme == "https" and cert:
                ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                ctx.load_cert_chain(*cert)
                self.httpd.socket = ctx.wrap_socket(self.httpd.socket, server_side=True)
        self.base = f"{site.scheme}://{ip}:{self.port}"
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        if self.httpd is not None:
            self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True, name=f"farm-{self.site.key}")
            self.thread.start()

    def stop(self) -> None:
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()

    def _count(self, key: str) -> int:
        with self._lock:
            self.counts[key] = self.counts.get(key, 0) + 1
            return self.counts[key]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            server_version = "FarmIIS/8.5"

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                self._serve("GET")

            def do_POST(self) -> None:
                self._serve("POST")

            def _serve(self, method: str) -> None:
                site = outer.site
                arrived = time.monotonic()
                if self.path.startswith("/__farm__/"):  # stats for a farm run in another process
                    self._stats()
                    return
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                path = self.path
                route = site.routes.get(path) or site.routes.get(path.split("?", 1)[0] if method == "POST" else path)
                if site.latency:
                    time.sleep(site.latency)
                if route is None:
                    status, headers, body = 404, {"Content-Type": "text/html; charset=utf-8"}, \
                        "<html><body><h1>Không tìm thấy trang</h1></body></html>".encode()
                else:
                    if route.delay:
                        time.sleep(route.delay)
                    if route.handler:
                        try:
                            payload = json.loads(raw) if raw else None
                        except ValueError:
                            payload = None
                        status, headers, body = route.handler(outer._count(path), method, payload)
                    else:
                        status, headers, body = route.status, dict(route.headers), route.body
                headers = dict(headers)
                if route is not None and route.truncate:
                    self._truncated(route.truncate, status, headers, body, method, path, arrived)
                    return
                if status == 200:
                    tag = etag_of(body)
                    headers.setdefault("ETag", tag)
                    headers.setdefault("Last-Modified", LAST_MODIFIED)
                    if self.headers.get("If-None-Match") == tag:
                        status, body = 304, b""
                self.send_response(status)
                sent = len(f"HTTP/1.1 {status} X\r\n")
                headers["Content-Length"] = str(len(body))
                for k, v in headers.items():
                    self.send_header(k, v)
                    sent += len(k) + len(v) + 4
                self.end_headers()
                try:
                    if body and method != "HEAD":
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                with outer._lock:
                    outer.log.append(LogEntry(outer.base, method, path, status, sent + len(body), arrived))

            def _truncated(self, mode: str, status: int, headers: dict[str, str], body: bytes, method: str,
                           path: str, arrived: float) -> None:
                # Half the body, then the connection closes: the client sees a body cut short.
                half = body[:len(body) // 2]
                self.send_response(status)
                if mode == "chunked":
                    headers["Transfer-Encoding"] = "chunked"
                    payload = f"{len(half):x}\r\n".encode() + half + b"\r\n"  # no closing 0-length chunk
                else:
                    headers["Content-Length"] = str(len(body))
                    payload = half
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.close_connection = True
                try:
                    self.wfile.write(payload)
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass
                with outer._lock:
                    outer.log.append(LogEntry(outer.base, method, path, status, len(payload), arrived))

            def _stats(self) -> None:
                with outer._lock:  # report, then (on /__farm__/reset) start counting afresh
                    body = json.dumps({"requests": len(outer.log), "bytes": sum(e.bytes for e in outer.log),
                                       "starts": [e.at for e in outer.log]}).encode()
                    if self.path == "/__farm__/reset":
                        outer.log.clear()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler
