"""OPC UA security: the console's client certificate, user credentials and server trust.

* Client certificate: made on first run in ``<data_dir>/pki/own/`` (key mode 0600), with the
  application URI the client announces, and renewed when it expires or the host changes.
* Credentials: from the environment (``HMI_OPCUA_<CONNECTION>_USERNAME`` / ``_PASSWORD``) or
  from an owner-only ``<config_dir>/secrets.toml`` (``[opcua.<credentials key>]``), never from
  a project file.
* Server trust: trust on first use (the SHA-256 fingerprint is kept in
  ``<data_dir>/pki/trusted/`` and a changed certificate is refused) or an explicit list of
  certificate files (``trust = "list"``; relative paths are taken from that same folder).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
import socket
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from asyncua.crypto import cert_gen
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID

from tags import paths
from tags.config.connections import OpcUaConnection
from tags.model import Quality

log = logging.getLogger(__name__)

APPLICATION_NAME = "Operator console"
SECRETS_FILE = "secrets.toml"
CERT_DAYS = 5 * 365
"""Validity of the client certificate: servers that trust it explicitly keep it for years."""


class SecurityError(Exception):
    """A security problem that retrying at once will not fix; carries the tag quality."""

    def __init__(self, reason: str, quality: Quality) -> None:
        super().__init__(reason)
        self.reason = reason
        self.quality = quality


class SecretsError(SecurityError):
    """Credentials missing, unreadable or stored in a file others can read."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason, Quality.BAD_CONFIGURATION_ERROR)


class UntrustedServerError(SecurityError):
    """The server's certificate is not the trusted one."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason, Quality.BAD_CERTIFICATE_UNTRUSTED)


def application_uri(host: str | None = None) -> str:
    """The URI the client announces and its certificate carries (servers compare the two)."""
    return f"urn:{host or socket.gethostname()}:operator-console:client"


# credentials --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str
    origin: str
    """Where they came from (a file or variable name), for messages; never the secret."""

    def __repr__(self) -> str:
        return f"Credentials(username={self.username!r}, password=***, origin={self.origin!r})"


def env_prefix(connection: str) -> str:
    """``HMI_OPCUA_<CONNECTION>_``: the connection name upper-cased, other characters as _."""
    return f"HMI_OPCUA_{re.sub(r'[^A-Z0-9]', '_', connection.upper())}_"


def load_credentials(
    connection: OpcUaConnection, config_dir: Path, environ: Mapping[str, str] | None = None
) -> Credentials | None:
    """User name and password of a connection, or None for anonymous access.

    The environment wins over the secrets file, so a service can be configured without files.
    """
    env = os.environ if environ is None else environ
    prefix = env_prefix(connection.name)
    username = env.get(prefix + "USERNAME")
    if username:
        return Credentials(username, env.get(prefix + "PASSWORD", ""), prefix + "USERNAME")
    if not connection.credentials:
        return None
    path = config_dir / SECRETS_FILE
    table = read_secrets(path).get("opcua", {})
    entry = table.get(connection.credentials) if isinstance(table, dict) else None
    where = f"{path}: [opcua.{connection.credentials}]"
    if not isinstance(entry, dict):
        raise SecretsError(
            f"connection '{connection.name}' uses credentials '{connection.credentials}' but "
            f"{path} has no [opcua.{connection.credentials}] table (or set {prefix}USERNAME "
            f"and {prefix}PASSWORD)"
        )
    unknown = sorted(set(entry) - {"username", "password"})
    if unknown:
        raise SecretsError(f"{where}: unknown key '{unknown[0]}' (known: password, username)")
    user, password = entry.get("username"), entry.get("password", "")
    if not isinstance(user, str) or not user:
        raise SecretsError(f"{where}: username must be a non-empty string")
    if not isinstance(password, str):
        raise SecretsError(f"{where}: password must be a string")
    return Credentials(user, password, str(path))


def read_secrets(path: Path) -> dict[str, object]:
    """The parsed secrets file; refuse a missing file or one that group or others can read."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise SecretsError(f"secrets file {path} does not exist") from None
    except OSError as exc:
        raise SecretsError(f"secrets file {path}: {exc.strerror}") from None
    mode = stat.S_IMODE(info.st_mode)
    if os.name == "posix" and mode & 0o077:
        raise SecretsError(
            f"secrets file {path} has mode {mode:04o}: group or others have access to it; "
            f"refusing to use it (run: chmod 600 {path})"
        )
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise SecretsError(f"secrets file {path}: {exc}") from None
    except OSError as exc:
        raise SecretsError(f"secrets file {path}: {exc.strerror}") from None


# client certificate -------------------------------------------------------------------------


@dataclass(frozen=True)
class ClientCertificate:
    cert_path: Path
    key_path: Path
    application_uri: str


def ensure_client_certificate(pki_dir: Path, host: str | None = None) -> ClientCertificate:
    """The console's application instance certificate, made on first use (blocking: run it
    in a thread). The key is reused when present; the certificate is renewed when it has
    expired or no longer names this host and application URI."""
    host = host or socket.gethostname()
    uri = application_uri(host)
    own = pki_dir / "own"
    private = own / "private"
    for folder in (pki_dir, own, private):
        paths.private_dir(folder)
    key_path, cert_path = private / "client_key.pem", own / "client_cert.der"
    key = _load_or_make_key(key_path)
    if not _certificate_fits(cert_path, key, uri, host):
        cert = cert_gen.generate_self_signed_app_certificate(
            key,
            uri,
            {"organizationName": APPLICATION_NAME},
            [x509.UniformResourceIdentifier(uri), x509.DNSName(host)],
            extended=[ExtendedKeyUsageOID.CLIENT_AUTH],
            days=CERT_DAYS,
        )
        _write_atomic(cert_path, cert.public_bytes(serialization.Encoding.DER), 0o600)
        log.info("made OPC UA client certificate %s for %s", cert_path, uri)
    else:
        paths.tighten(cert_path, paths.PRIVATE_FILE)
    return ClientCertificate(cert_path, key_path, uri)


def load_client_pair(own: ClientCertificate) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    """The certificate and private key objects (blocking file I/O: run it in a thread)."""
    cert = x509.load_der_x509_certificate(own.cert_path.read_bytes())
    key = _load_key(own.key_path)
    if key is None:
        raise SecurityError(f"{own.key_path} is not an RSA key", Quality.BAD_CONFIGURATION_ERROR)
    return cert, key


def _load_key(path: Path) -> rsa.RSAPrivateKey | None:
    # The key is our own, made here and kept owner-only, so cryptography's RSA consistency
    # check (about 60 ms with the GIL held, i.e. a stalled event loop) is skipped.
    key = serialization.load_pem_private_key(
        path.read_bytes(), password=None, unsafe_skip_rsa_key_validation=True
    )
    return key if isinstance(key, rsa.RSAPrivateKey) else None


def _load_or_make_key(path: Path) -> rsa.RSAPrivateKey:
    if path.exists():
        if stat.S_IMODE(path.stat().st_mode) & 0o077:
            log.warning("private key %s was readable by others; now mode 0600", path)
            path.chmod(0o600)
        key = _load_key(path)
        if key is not None:
            return key
        log.warning("private key %s is not an RSA key; making a new one", path)
    key = cert_gen.generate_private_key()
    _write_atomic(path, cert_gen.dump_private_key_as_pem(key), 0o600)
    return key


def _certificate_fits(path: Path, key: rsa.RSAPrivateKey, uri: str, host: str) -> bool:
    try:
        cert = x509.load_der_x509_certificate(path.read_bytes())
    except (OSError, ValueError):
        return False
    now = dt.datetime.now(dt.UTC)
    if not cert.not_valid_before_utc <= now < cert.not_valid_after_utc:
        return False
    public = cert.public_key()
    if not isinstance(public, rsa.RSAPublicKey):
        return False
    if public.public_numbers() != key.public_key().public_numbers():
        return False
    try:
        names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return False
    uris = names.get_values_for_type(x509.UniformResourceIdentifier)
    return uri in uris and host in names.get_values_for_type(x509.DNSName)


def _write_atomic(path: Path, data: bytes, mode: int) -> None:
    temp = path.with_name(path.name + ".tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)
    os.chmod(temp, mode)  # O_CREAT does not change the mode of an existing file
    os.replace(temp, path)


# server trust -------------------------------------------------------------------------------


def fingerprint(der: bytes) -> str:
    """SHA-256 of a DER certificate as colon-separated hex (as UaExpert and browsers show)."""
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def certificate_der(path: Path) -> bytes:
    """A certificate file (PEM or DER) as DER bytes."""
    data = path.read_bytes()
    if b"-----BEGIN CERTIFICATE-----" in data:
        return x509.load_pem_x509_certificate(data).public_bytes(serialization.Encoding.DER)
    x509.load_der_x509_certificate(data)  # validates
    return data


def _server_key(url: str) -> str:
    """A file name for a server endpoint: host and port of the URL."""
    rest = url.split("://", 1)[-1].split("/", 1)[0]
    return re.sub(r"[^A-Za-z0-9.-]", "_", rest) or "server"


@dataclass(frozen=True)
class TrustDecision:
    fingerprint: str
    first_use: bool
    """True when the certificate was stored just now (the operator should see it)."""

    def describe(self) -> str:
        prefix = "trusted on first use" if self.first_use else "trusted"
        return f"server certificate {prefix}, SHA-256 {self.fingerprint}"


def check_server_trust(connection: OpcUaConnection, der: bytes, pki_dir: Path) -> TrustDecision:
    """Accept the server certificate or raise UntrustedServerError (blocking file I/O)."""
    seen = fingerprint(der)
    trusted_dir = pki_dir / "trusted"
    if connection.trust == "list":
        return _check_list(connection, seen, trusted_dir)
    paths.private_dir(trusted_dir)
    record = trusted_dir / f"{_server_key(connection.url)}.sha256"
    if record.exists():
        stored = _read_fingerprint(record)
        if stored == seen:
            return TrustDecision(seen, first_use=False)
        raise UntrustedServerError(
            f"server certificate of {connection.url} changed: trusted SHA-256 {stored}, "
            f"presented SHA-256 {seen}; refusing to connect. If the change is expected, "
            f"delete {record} to trust the new certificate"
        )
    _write_atomic(record, f"sha256 = {seen}\nurl = {connection.url}\n".encode(), 0o600)
    _write_atomic(record.with_suffix(".der"), der, 0o600)
    log.warning(
        "OPC UA connection '%s': trusting server certificate of %s on first use, "
        "SHA-256 %s (stored in %s)",
        connection.name,
        connection.url,
        seen,
        record,
    )
    return TrustDecision(seen, first_use=True)


def _read_fingerprint(record: Path) -> str:
    for line in record.read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition("=")
        if key.strip() == "sha256":
            return value.strip().upper()
    raise UntrustedServerError(f"{record}: no 'sha256 = ...' line; delete it to trust anew")


def _check_list(connection: OpcUaConnection, seen: str, trusted_dir: Path) -> TrustDecision:
    if not connection.trusted_certificates:
        raise SecurityError(
            f"connection '{connection.name}': trust = \"list\" needs trusted_certificates",
            Quality.BAD_CONFIGURATION_ERROR,
        )
    known: list[str] = []
    for name in connection.trusted_certificates:
        path = Path(name).expanduser()
        path = path if path.is_absolute() else trusted_dir / path
        try:
            known.append(fingerprint(certificate_der(path)))
        except (OSError, ValueError) as exc:
            raise SecurityError(
                f"connection '{connection.name}': trusted certificate {path}: {exc}",
                Quality.BAD_CONFIGURATION_ERROR,
            ) from None
    if seen in known:
        return TrustDecision(seen, first_use=False)
    raise UntrustedServerError(
        f"server certificate of {connection.url} (SHA-256 {seen}) is not one of the "
        f"trusted_certificates of connection '{connection.name}' ({', '.join(known)})"
    )
