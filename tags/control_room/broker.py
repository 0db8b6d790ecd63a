"""Which MQTT broker, and how to connect to it: ``mqtt://[user@]host[:port]`` (plain TCP,
port 1883) or ``mqtts://[user@]host[:port]`` (TLS, port 8883), with ``?ca=PATH`` naming the
certificate authority that signed the broker's certificate.

The user name is the workstation's (or the server's) account on the broker; its ACL decides
what it may publish. A password never comes from the URL (a project file and a command line
are read by others): it comes from ``HMI_BROKER_PASSWORD`` or an owner-only file
(``?password_file=PATH``).
"""

from __future__ import annotations

import os
import ssl
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from tags.i18n.catalogue import text as tr

PASSWORD_VARIABLE = "HMI_BROKER_PASSWORD"
PORTS = {"mqtt": 1883, "mqtts": 8883}
KEEPALIVE_S = 2
"""MQTT keep-alive: a broker that stops answering is noticed within about 1.5 times this."""


class BrokerConfigError(ValueError):
    """A broker URL that cannot be used; the message says where and why."""


@dataclass(frozen=True)
class BrokerUrl:
    """A broker, for one client identity (never with a password)."""

    host: str
    port: int
    tls: bool = False
    user: str = ""
    ca: Path | None = None
    password_file: Path | None = None

    def __str__(self) -> str:
        user = f"{self.user}@" if self.user else ""
        return f"{'mqtts' if self.tls else 'mqtt'}://{user}{self.host}:{self.port}"

    def as_user(self, user: str) -> BrokerUrl:
        return BrokerUrl(self.host, self.port, self.tls, user, self.ca, self.password_file)

    def password(self) -> str | None:
        """From ``HMI_BROKER_PASSWORD``, else the owner-only password file, else none."""
        from_env = os.environ.get(PASSWORD_VARIABLE)
        if from_env:
            return from_env
        if self.password_file is None:
            return None
        path = self.password_file
        try:
            mode = path.stat().st_mode
        except OSError as exc:
            raise BrokerConfigError(f"broker password file {path}: {exc.strerror}") from None
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise BrokerConfigError(
                f"broker password file {path} may be read by others: chmod 600 {path}"
            )
        return path.read_text(encoding="utf-8").strip()

    def tls_context(self) -> ssl.SSLContext | None:
        """The TLS context of an ``mqtts`` URL (the broker's certificate checked against
        ``ca``, else the system's authorities), None for plain ``mqtt``."""
        if not self.tls:
            return None
        return ssl.create_default_context(cafile=str(self.ca) if self.ca else None)

    def client_kwargs(self, identifier: str) -> dict[str, Any]:
        """Keyword arguments for ``aiomqtt.Client`` (MQTT 5, this identity)."""
        import aiomqtt

        kwargs: dict[str, Any] = {
            "hostname": self.host,
            "port": self.port,
            "identifier": identifier,
            "protocol": aiomqtt.ProtocolVersion.V5,
            "keepalive": KEEPALIVE_S,
            "timeout": 5.0,
        }
        if self.user:
            kwargs["username"] = self.user
            kwargs["password"] = self.password()
        context = self.tls_context()
        if context is not None:
            kwargs["tls_context"] = context
        return kwargs


def parse_broker_url(text: str, *, where: str) -> BrokerUrl:
    """``mqtt://`` or ``mqtts://`` URL; ``where`` names the option or file and key it came
    from, for the error message."""
    parts = urlsplit(text.strip())
    if parts.scheme not in PORTS:
        raise BrokerConfigError(tr("config.broker.scheme", where=where, url=repr(text)))
    if parts.password is not None:
        raise BrokerConfigError(
            tr("config.broker.password", where=where, variable=PASSWORD_VARIABLE)
        )
    if not parts.hostname:
        raise BrokerConfigError(tr("config.broker.host", where=where, url=repr(text)))
    try:
        port = parts.port or PORTS[parts.scheme]
    except ValueError:
        raise BrokerConfigError(tr("config.broker.port", where=where, url=repr(text))) from None
    options = dict(parse_qsl(parts.query))
    unknown = set(options) - {"ca", "password_file"}
    if unknown:
        options_text = ", ".join(sorted(unknown))
        raise BrokerConfigError(tr("config.broker.option", where=where, options=options_text))
    ca = Path(options["ca"]) if "ca" in options else None
    if ca is not None and parts.scheme != "mqtts":
        raise BrokerConfigError(tr("config.broker.ca", where=where))
    password_file = Path(options["password_file"]) if "password_file" in options else None
    return BrokerUrl(
        parts.hostname,
        port,
        parts.scheme == "mqtts",
        unquote(parts.username or ""),
        ca,
        password_file,
    )
