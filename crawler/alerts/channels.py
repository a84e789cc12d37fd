"""Where alerts go: a webhook (JSON POST), e-mail (SMTP) or a JSON-lines file.

Each sender does one thing -- hand one message to its receiver -- and raises
:class:`DeliveryError` when the receiver did not take it; retrying is the
dispatcher's business.  Error messages name the receiver by scheme, host and
port only: a webhook URL's path, tokens, headers and SMTP credentials (read
from the environment at send time) never reach a log line or the outbox.
Every message carries its outbox key (``Idempotency-Key`` header,
``Message-ID``, the JSON ``id``) so a receiver can recognise a repeat.
"""

from __future__ import annotations

import json
import os
import smtplib
import ssl
import urllib.error
import urllib.request
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import formatdate
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from crawler import paths
from crawler.alerts.config import AlertsFile, EmailChannel, FileChannel, WebhookChannel
from crawler.alerts.content import Content

USER_AGENT = "newsmon/0.1 (alerts)"


class DeliveryError(Exception):
    """The receiver did not take the message; the text is safe to log."""


class Sender(Protocol):
    def send(self, content: Content) -> None: ...


def _env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise DeliveryError(f"environment variable {name} is not set")
    return value


class WebhookSender:
    def __init__(self, channel: WebhookChannel, timeout: float):
        self.channel, self.timeout = channel, timeout

    def send(self, content: Content) -> None:
        url = self.channel.url or _env(self.channel.url_env)
        parts = urlsplit(url)
        where = f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"  # no path, no user info
        payload = content.slack() if self.channel.format == "slack" else content.to_json()
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            "Idempotency-Key": content.key,
            **self.channel.headers,
        }
        headers.update({name: _env(var) for name, var in self.channel.headers_env.items()})
        if self.channel.token_env:
            headers["Authorization"] = f"Bearer {_env(self.channel.token_env)}"
        request = urllib.request.Request(
            url, json.dumps(payload, ensure_ascii=False).encode("utf-8"), headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            raise DeliveryError(f"{where}: HTTP {exc.code} {exc.reason}") from None
        except urllib.error.URLError as exc:
            raise DeliveryError(f"{where}: {exc.reason}") from None
        except (OSError, ValueError) as exc:  # timeouts, resets, a malformed URL from the env
            raise DeliveryError(f"{where}: {type(exc).__name__}: {exc}") from None


class EmailSender:
    """SMTP with STARTTLS (or implicit TLS); the certificate is verified, never skipped.
    Subject and display names are RFC 2047 encoded, the body is UTF-8."""

    def __init__(self, channel: EmailChannel, timeout: float):
        self.channel, self.timeout = channel, timeout

    def message(self, content: Content) -> EmailMessage:
        msg = EmailMessage(policy=SMTP_POLICY)
        msg["Subject"] = content.subject()
        msg["From"] = self.channel.sender
        msg["To"] = ", ".join(self.channel.to)
        msg["Date"] = formatdate(localtime=True)
        msg["Message-ID"] = f"<{content.key}@newsmon>"
        msg.set_content(content.text(), charset="utf-8")
        return msg

    def send(self, content: Content) -> None:
        c = self.channel
        where = f"smtp://{c.host}:{c.port}"
        credentials = (_env(c.username_env), _env(c.password_env)) if c.username_env else None
        msg = self.message(content)
        try:
            context = ssl.create_default_context(cafile=c.ca_file)
            if c.security == "ssl":
                smtp = smtplib.SMTP_SSL(c.host, c.port, timeout=self.timeout, context=context)
            else:
                smtp = smtplib.SMTP(c.host, c.port, timeout=self.timeout)
            with smtp:
                smtp.ehlo()
                if c.security == "starttls":
                    smtp.starttls(context=context)
                    smtp.ehlo()
                if credentials:
                    smtp.login(*credentials)
                smtp.send_message(msg)
        except smtplib.SMTPResponseException as exc:
            text = (
                exc.smtp_error.decode("utf-8", "replace")
                if isinstance(exc.smtp_error, bytes)
                else str(exc.smtp_error)
            )
            raise DeliveryError(f"{where}: SMTP {exc.smtp_code} {text}") from None
        except smtplib.SMTPRecipientsRefused as exc:
            raise DeliveryError(
                f"{where}: every recipient refused ({', '.join(exc.recipients)})"
            ) from None
        except (smtplib.SMTPException, OSError) as exc:  # ssl.SSLError is an OSError
            raise DeliveryError(f"{where}: {type(exc).__name__}: {exc}") from None


class FileSender:
    """One JSON line per message, flushed to disk before the message counts as sent."""

    def __init__(self, channel: FileChannel, data_dir: Path):
        path = Path(channel.path).expanduser()
        self.path = path if path.is_absolute() else data_dir / path

    def send(self, content: Content) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as out:
                out.write(json.dumps(content.to_json(), ensure_ascii=False) + "\n")
                out.flush()
                os.fsync(out.fileno())
        except OSError as exc:
            raise DeliveryError(f"{self.path}: {exc.strerror or exc}") from None


def senders(config: AlertsFile, data_dir: Path | None = None) -> dict[str, Sender]:
    """One sender per configured channel."""
    data_dir = data_dir or paths.data_dir()
    timeout = config.delivery.timeout
    out: dict[str, Sender] = {}
    for name, channel in config.channels.items():
        if isinstance(channel, WebhookChannel):
            out[name] = WebhookSender(channel, timeout)
        elif isinstance(channel, EmailChannel):
            out[name] = EmailSender(channel, timeout)
        else:
            out[name] = FileSender(channel, data_dir)
    return out
