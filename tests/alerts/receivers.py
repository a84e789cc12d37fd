"""Real local receivers for alert deliveries: an HTTP server for webhooks, an SMTP server.

:class:`WebhookReceiver` is a threaded HTTP server on 127.0.0.1 that records
every POST (headers and JSON body), answers with a settable status, and can
go down (port closed: connection refused) and come back up on the same port.
:class:`SmtpReceiver` is aiosmtpd with STARTTLS (a self-signed certificate
made here with ``cryptography``) and AUTH, recording every message as bytes.
"""

from __future__ import annotations

import datetime
import ipaddress
import json
import socket
import ssl
import threading
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

SMTP_USER, SMTP_PASSWORD = "newsmon", "smtp-secret-never-logged"
WEBHOOK_TOKEN = "webhook-token-never-logged"


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> dict:
        return json.loads(self.body.decode("utf-8"))


class WebhookReceiver:
    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.status = 200
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self.port = 0
        self.up()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def up(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if receiver.status < 300:
                    with receiver._lock:
                        receiver.requests.append(
                            Request(self.path, dict(self.headers.items()), body)
                        )
                self.send_response(receiver.status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def down(self) -> None:
        """Close the port: senders get "connection refused"."""
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def payloads(self) -> list[dict]:
        with self._lock:
            return [r.json for r in self.requests]


def free_port() -> int:
    """A port nobody listens on now (aiosmtpd's controller cannot take port 0)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def self_signed(directory: Path) -> tuple[Path, Path]:
    """A certificate for localhost/127.0.0.1 and its key (PEM files); the certificate is its own CA."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=7))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "smtp-cert.pem", directory / "smtp-key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class _Handler:
    def __init__(self, receiver: SmtpReceiver):
        self.receiver = receiver

    async def handle_DATA(self, server, session, envelope):
        with self.receiver.lock:
            self.receiver.messages.append(envelope.content)
            self.receiver.sessions.append(
                {
                    "tls": session.ssl is not None,
                    "login": session.auth_data.login if session.auth_data else None,
                    "rcpt": list(envelope.rcpt_tos),
                }
            )
        return "250 OK"


class SmtpReceiver:
    """aiosmtpd on 127.0.0.1: with *tls* (certificate, key), STARTTLS and AUTH required; without,
    a plain server that offers neither."""

    def __init__(self, tls: tuple[Path, Path] | None, user: str, password: str):
        self.messages: list[bytes] = []
        self.sessions: list[dict] = []
        self.lock = threading.Lock()
        self.user, self.password = user, password
        context = None
        if tls:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(*tls)
        self.controller = Controller(
            _Handler(self),
            hostname="127.0.0.1",
            port=free_port(),
            tls_context=context,
            require_starttls=bool(tls),
            authenticator=self._authenticate,
            auth_require_tls=bool(tls),
            auth_required=bool(tls),
        )

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == self.user.encode()
            and auth_data.password == self.password.encode()
        )
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    def start(self) -> SmtpReceiver:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    @property
    def port(self) -> int:
        return self.controller.port

    def emails(self) -> list[EmailMessage]:
        with self.lock:
            return [message_from_bytes(m, policy=policy.default) for m in self.messages]
