"""Open and close one asyncua Client for an OpcUaConnection, and say why it failed.

Shared by the driver's connection supervisor and the browse tool, so both use the same
security policy, client certificate, credentials and server trust. Reconnection is not done
here: asyncua's own auto-reconnect stays off and the supervisor in link.py decides.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from asyncua import ua
from asyncua.client.client import Client
from asyncua.common.utils import ServiceError
from asyncua.crypto import security_policies
from asyncua.ua.status_codes import StatusCodes
from asyncua.ua.uaerrors import UaError, UaStatusCodeError
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from tags import paths
from tags.config.connections import OpcUaConnection
from tags.drivers.opcua.security import (
    APPLICATION_NAME,
    SecurityError,
    TrustDecision,
    UntrustedServerError,
    application_uri,
    check_server_trust,
    ensure_client_certificate,
    fingerprint,
    load_client_pair,
    load_credentials,
)
from tags.drivers.opcua.values import status_text
from tags.i18n.catalogue import text
from tags.model import Quality

log = logging.getLogger(__name__)

SESSION_TIMEOUT_MS = 60_000
"""How long a server keeps our session after the link dies; short so stale sessions go."""
CLOSE_TIMEOUT = 2.0

_POLICIES: dict[str, ua.MessageSecurityMode] = {
    "Basic256Sha256_Sign": ua.MessageSecurityMode.Sign,
    "Basic256Sha256_SignAndEncrypt": ua.MessageSecurityMode.SignAndEncrypt,
}

_AUTH_CODES = frozenset(
    {
        StatusCodes.BadUserAccessDenied,
        StatusCodes.BadIdentityTokenRejected,
        StatusCodes.BadIdentityTokenInvalid,
        StatusCodes.BadUserSignatureInvalid,
    }
)
_CERTIFICATE_CODES = frozenset(
    {
        StatusCodes.BadCertificateUntrusted,
        StatusCodes.BadCertificateInvalid,
        StatusCodes.BadCertificateTimeInvalid,
        StatusCodes.BadCertificateUriInvalid,
        StatusCodes.BadCertificateHostNameInvalid,
        StatusCodes.BadCertificateRevoked,
        StatusCodes.BadCertificateUseNotAllowed,
        StatusCodes.BadSecurityChecksFailed,
        StatusCodes.BadSecurityPolicyRejected,
    }
)


@dataclass(frozen=True)
class OpenClient:
    """A connected client and what the operator should know about how it connected."""

    client: Client
    detail: str
    trust: TrustDecision | None


@dataclass(frozen=True)
class Failure:
    """Why a connection attempt or a live link failed, as the tags and the status show it."""

    quality: Quality
    reason: str
    lasting: bool
    """True for failures a quick retry cannot fix (credentials, certificates, configuration)."""


async def open_client(
    connection: OpcUaConnection,
    *,
    data_dir: Path | None = None,
    config_dir: Path | None = None,
    certificate_lock: asyncio.Lock | None = None,
    environ: Mapping[str, str] | None = None,
) -> OpenClient:
    """Connect and activate a session (no auto-reconnect); raise on any failure."""
    credentials = await asyncio.to_thread(
        load_credentials, connection, paths.config_dir(config_dir), environ
    )
    client = Client(
        connection.url, timeout=connection.timeout, watchdog_intervall=connection.watchdog
    )
    client.name = client.description = APPLICATION_NAME
    client.application_uri = application_uri()
    client.product_uri = "urn:operator-console"
    client.session_timeout = SESSION_TIMEOUT_MS
    policy = text("opcua.no_security") if connection.security == "None" else connection.security
    parts = [text("opcua.security", policy=policy)]
    if credentials is not None:
        client.set_user(credentials.username)
        client.set_password(credentials.password)
        parts.append(text("opcua.user", user=credentials.username))
    secured: _Secured | None = None
    try:
        if connection.security != "None":
            secured = await _secure(client, connection, paths.data_dir(data_dir), certificate_lock)
            parts.append(secured.trust.describe())
        elif credentials is not None:
            _refuse_plain_password(connection, await client.connect_and_get_server_endpoints())
        await client.connect()
    except UaStatusCodeError as exc:
        await close_client(client)
        code = int(exc.code)
        if code in _AUTH_CODES and credentials is not None:
            raise SecurityError(
                f"server refused user '{credentials.username}' ({status_text(code)}); "
                f"check the password in {credentials.origin}",
                Quality.from_code(code),
            ) from None
        if code in _CERTIFICATE_CODES and secured is not None:
            raise SecurityError(
                f"server refused this console's certificate ({status_text(code)}); the "
                f"server must trust {secured.cert_path} (SHA-256 {secured.cert_fingerprint})",
                Quality.from_code(code),
            ) from None
        raise
    except BaseException:
        await close_client(client)
        raise
    return OpenClient(client, ", ".join(parts), secured.trust if secured else None)


@dataclass(frozen=True)
class _Secured:
    trust: TrustDecision
    cert_path: Path
    cert_fingerprint: str


async def _secure(
    client: Client, connection: OpcUaConnection, data_dir: Path, lock: asyncio.Lock | None
) -> _Secured:
    """Pick the endpoint, check the server certificate, set our certificate and key."""
    mode = _POLICIES.get(connection.security)
    if mode is None:
        raise SecurityError(
            f"connection '{connection.name}': unknown security '{connection.security}'",
            Quality.BAD_CONFIGURATION_ERROR,
        )
    pki = data_dir / "pki"
    async with lock or contextlib.nullcontext():
        own = await asyncio.to_thread(ensure_client_certificate, pki)
    client.application_uri = own.application_uri
    policy = security_policies.SecurityPolicyBasic256Sha256
    endpoints = await client.connect_and_get_server_endpoints()
    matching = [
        e for e in endpoints if e.SecurityMode == mode and e.SecurityPolicyUri == policy.URI
    ]
    if not matching:
        offered = sorted(
            {f"{e.SecurityPolicyUri.rsplit('#', 1)[-1]}_{e.SecurityMode.name}" for e in endpoints}
        )
        raise SecurityError(
            f"{connection.url} offers no {connection.security} endpoint "
            f"(offers: {', '.join(offered) or 'none'})",
            Quality.BAD_CONFIGURATION_ERROR,
        )
    server_der = _first_certificate(matching[0].ServerCertificate)
    trust = await asyncio.to_thread(check_server_trust, connection, server_der, pki)
    cert, key = await asyncio.to_thread(load_client_pair, own)
    # What Client.set_security does, with the key loaded off the event loop (asyncua's
    # annotations: an untyped constructor, and an attribute typed as the None policy).
    server_cert = x509.load_der_x509_certificate(server_der)
    secured = policy(server_cert, cert, key, mode)  # type: ignore[no-untyped-call]
    client.security_policy = secured  # type: ignore[assignment]
    client.uaclient.set_security(secured)
    # asyncua refuses a CreateSession answer whose certificate is not this one.
    own_fingerprint = fingerprint(cert.public_bytes(serialization.Encoding.DER))
    return _Secured(trust, own.cert_path, own_fingerprint)


def _refuse_plain_password(
    connection: OpcUaConnection, endpoints: list[ua.EndpointDescription]
) -> None:
    """Security None with a password: only if the server asks for the token encrypted."""
    none_uri = security_policies.SecurityPolicyNone.URI
    for endpoint in endpoints:
        if endpoint.SecurityMode != ua.MessageSecurityMode.None_:
            continue
        for token in endpoint.UserIdentityTokens:
            if token.TokenType != ua.UserTokenType.UserName:
                continue
            if token.SecurityPolicyUri and token.SecurityPolicyUri != none_uri:
                return
            raise SecurityError(
                f"connection '{connection.name}': the password would travel in plain text "
                f"(security None and the server does not encrypt user tokens); refusing. "
                f"Use security Basic256Sha256_SignAndEncrypt",
                Quality.BAD_SECURITY_CHECKS_FAILED,
            )


def _first_certificate(der: bytes | None) -> bytes:
    """The server's own certificate from a possibly chained DER blob."""
    if not der:
        raise UntrustedServerError("the server sent no certificate for a secure endpoint")
    length = int.from_bytes(der[2:4], "big") + 4
    return der[:length]


async def close_client(client: Client) -> None:
    """Close session, channel and socket quickly, even on a dead link; leave no task behind."""
    uaclient = client.uaclient
    protocol = uaclient.protocol
    if protocol is not None and not protocol.is_closed:
        try:
            await asyncio.wait_for(client.disconnect(), CLOSE_TIMEOUT)
        except Exception as exc:  # TimeoutError included
            log.debug("closing OPC UA client %s: %r", client, exc)
    uaclient.request_disconnect()  # stops asyncua's own loops
    client.disconnect_socket()
    leftovers = [
        client._supervisor_task,
        client._stale_watchdog_task,
        client._renew_channel_task,
        client.uaclient.session._publish_task,
    ]
    pending = [task for task in leftovers if task is not None and not task.done()]
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.wait(pending, timeout=CLOSE_TIMEOUT)
    await asyncio.sleep(0)  # let the transport run connection_lost before the caller goes on


def classify(exc: BaseException) -> Failure:
    """The quality, operator-readable reason and retry class of a connection failure."""
    if isinstance(exc, SecurityError):
        return Failure(exc.quality, exc.reason, lasting=True)
    if isinstance(exc, UaStatusCodeError | ServiceError):
        code = int(exc.code)
        lasting = code in _AUTH_CODES or code in _CERTIFICATE_CODES
        answered = text("config.opcua.answered", status=status_text(code))
        return Failure(Quality.from_code(code), answered, lasting)
    if isinstance(exc, UaError) and "certificate mismatch" in str(exc).lower():
        return Failure(Quality.BAD_CERTIFICATE_UNTRUSTED, f"{exc}", lasting=True)
    if isinstance(exc, TimeoutError):
        said = str(exc) or "no answer from the server (timeout)"
        return Failure(Quality.BAD_NOT_CONNECTED, said, lasting=False)
    if isinstance(exc, ConnectionRefusedError):
        return Failure(Quality.BAD_NOT_CONNECTED, text("config.opcua.refused"), lasting=False)
    if isinstance(exc, OSError):  # ConnectionError included
        said = str(exc) or type(exc).__name__
        return Failure(Quality.BAD_NOT_CONNECTED, said, lasting=False)
    return Failure(Quality.BAD_COMMUNICATION_ERROR, f"{type(exc).__name__}: {exc}", False)
