"""The control room broker's certificates: a private certificate authority of its own and the
broker's TLS certificate, signed by it, for the host names and addresses clients connect to.

Consoles and the server check the broker against the authority's certificate (``ca.crt``,
given as ``?ca=`` in their broker URL), so no public authority is involved and nothing on
the plant network can pose as the broker. Keys are ECDSA P-256, written owner-only.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from tags.paths import private_file

AUTHORITY_DAYS = 20 * 365
SERVER_DAYS = 5 * 365
ORGANIZATION = "Operator console control room"


@dataclass(frozen=True)
class BrokerCertificates:
    """Where the files went, and until when the broker's certificate is valid."""

    ca_cert: Path
    ca_key: Path
    server_cert: Path
    server_key: Path
    expires: dt.datetime


def subject_names(hosts: Sequence[str]) -> list[x509.GeneralName]:
    """The certificate's subject alternative names: an IP address as such, else a DNS name."""
    names: list[x509.GeneralName] = []
    for host in hosts:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    return names


def make_certificates(
    folder: Path,
    hosts: Sequence[str],
    *,
    now: dt.datetime | None = None,
    days: int = SERVER_DAYS,
) -> BrokerCertificates:
    """Write ``ca.crt``/``ca.key`` and ``server.crt``/``server.key`` into ``folder`` (the keys
    and the broker's certificate owner-only); ``hosts`` are the names and addresses clients
    use, the first one the certificate's common name."""
    if not hosts:
        raise ValueError("the broker's certificate needs at least one host name or address")
    now = now or dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANIZATION),
            x509.NameAttribute(NameOID.COMMON_NAME, "Control room broker authority"),
        ]
    )
    ca_identifier = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=AUTHORITY_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(signs_certificates=True), critical=True)
        .add_extension(ca_identifier, critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    server_key = ec.generate_private_key(ec.SECP256R1())
    expires = now + dt.timedelta(days=days)
    server_cert = (
        x509.CertificateBuilder()
        .subject_name(
            x509.Name(
                [
                    x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANIZATION),
                    x509.NameAttribute(NameOID.COMMON_NAME, hosts[0][:64]),
                ]
            )
        )
        .issuer_name(ca_name)
        .public_key(server_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(expires)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(signs_certificates=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectAlternativeName(subject_names(hosts)), critical=False)
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(server_key.public_key()), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_identifier),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    made = BrokerCertificates(
        folder / "ca.crt", folder / "ca.key", folder / "server.crt", folder / "server.key", expires
    )
    _write_key(made.ca_key, ca_key)
    _write_key(made.server_key, server_key)
    made.ca_cert.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    private_file(made.server_cert).write_bytes(server_cert.public_bytes(serialization.Encoding.PEM))
    return made


def _key_usage(*, signs_certificates: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=signs_certificates,
        crl_sign=signs_certificates,
        encipher_only=False,
        decipher_only=False,
    )


def _write_key(path: Path, key: ec.EllipticCurvePrivateKey) -> None:
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    private_file(path).write_bytes(pem)
