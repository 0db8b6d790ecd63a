"""OPC UA security: Basic256Sha256 with user names, secrets files, certificates, server trust."""

from __future__ import annotations

import asyncio
import stat
from pathlib import Path
from typing import Any

import pytest
from asyncua.common.utils import ServiceError
from asyncua.ua.status_codes import StatusCodes
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from tags.clock import SystemClock
from tags.config.connections import OpcUaConnection
from tags.drivers.base import ConnectionState
from tags.drivers.opcua.driver import OpcUaDriver
from tags.drivers.opcua.security import (
    SecretsError,
    application_uri,
    ensure_client_certificate,
    fingerprint,
    load_credentials,
)
from tags.model import DataType, Quality
from tests.tags.drivers import opcua_server as srv
from tests.waiting import until

pytestmark = pytest.mark.slow  # real OPC UA servers, secured ones start in seconds

USER, PASSWORD = "operator", "s3cret-pw"
IN_T, MODE = "SCO2.COMP.IN_T", "SCO2.COMP.MODE"
_CERTIFICATES: dict[str, srv.ServerCertificate] = {}


def certificate(key: str) -> srv.ServerCertificate:
    if key not in _CERTIFICATES:
        _CERTIFICATES[key] = srv.make_server_certificate()
    return _CERTIFICATES[key]


@pytest.fixture
def secure() -> srv.RemoteServer:
    server = srv.server("secure", certificate=certificate("secure"), users={USER: PASSWORD})
    server.reset()
    return server


def driver_for(
    url: str,
    tmp_path: Path,
    recorder: srv.Recorder,
    *,
    environ: dict[str, str] | None = None,
    **settings: object,
) -> OpcUaDriver:
    connection = OpcUaConnection("dcs", url, **settings)  # type: ignore[arg-type]
    tags = [srv.make_tag(IN_T), srv.make_tag(MODE, DataType.INT)]
    return OpcUaDriver(
        {"dcs": connection},
        tags,
        recorder,
        SystemClock(),
        data_dir=tmp_path / "data",
        config_dir=tmp_path / "config",
        environ=environ or {},
    )


def test_sign_and_encrypt_with_user_and_password_delivers_values_and_writes(
    secure: srv.RemoteServer, tmp_path: Path
) -> None:
    srv.write_secrets(tmp_path / "config", "dcs", USER, PASSWORD, 0o600)
    recorder = srv.Recorder()
    driver = driver_for(
        secure.url,
        tmp_path,
        recorder,
        security="Basic256Sha256_SignAndEncrypt",
        credentials="dcs",
    )
    server_fingerprint = fingerprint(certificate("secure").cert_der)

    async def scenario() -> None:
        await driver.start()
        try:
            await recorder.wait_for(recorder.good(IN_T, MODE))
            (status,) = driver.status()
            assert status.state is ConnectionState.CONNECTED
            assert "Basic256Sha256_SignAndEncrypt" in status.detail
            assert f"user '{USER}'" in status.detail and server_fingerprint in status.detail
            await driver.write(srv.make_tag(MODE, DataType.INT), 4)
            await recorder.wait_for(lambda latest: latest[MODE].value == 4)
        finally:
            await driver.stop()

    srv.run(scenario())
    pki = tmp_path / "data" / "pki"
    key = pki / "own" / "private" / "client_key.pem"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert server_fingerprint in (pki / "trusted" / f"127.0.0.1_{secure.port}.sha256").read_text()


def test_sign_mode_with_credentials_from_the_environment(
    secure: srv.RemoteServer, tmp_path: Path
) -> None:
    recorder = srv.Recorder()
    environ = {"HMI_OPCUA_DCS_USERNAME": USER, "HMI_OPCUA_DCS_PASSWORD": PASSWORD}
    driver = driver_for(
        secure.url, tmp_path, recorder, environ=environ, security="Basic256Sha256_Sign"
    )

    async def scenario() -> None:
        await driver.start()
        try:
            await recorder.wait_for(recorder.good(IN_T, MODE))
        finally:
            await driver.stop()

    srv.run(scenario())


def test_wrong_password_fails_clearly_without_a_retry_storm(
    secure: srv.RemoteServer, tmp_path: Path
) -> None:
    secrets = srv.write_secrets(tmp_path / "config", "dcs", USER, "wrong", 0o600)
    recorder = srv.Recorder()
    driver = driver_for(
        secure.url,
        tmp_path,
        recorder,
        security="Basic256Sha256_SignAndEncrypt",
        credentials="dcs",
        backoff_max=0.5,
    )
    attempts_before = secure.login_attempts

    async def scenario() -> None:
        await driver.start()
        try:
            await recorder.wait_for(recorder.quality(Quality.BAD_USER_ACCESS_DENIED, IN_T, MODE))
            await until(lambda: driver.status()[0].state is ConnectionState.FAILED)
            await asyncio.sleep(1.5)  # watching: a retry would come within the 0.5 s backoff
            (status,) = driver.status()
            assert status.state is ConnectionState.FAILED
            assert f"refused user '{USER}'" in status.detail and str(secrets) in status.detail
            assert "BadUserAccessDenied" in status.stats.last_error
            assert "refused user" in recorder.latest[IN_T].reason
        finally:
            await driver.stop()

    srv.run(scenario())
    assert secure.login_attempts - attempts_before == 1, "no retry storm"


def test_changed_server_certificate_is_refused_under_trust_on_first_use(tmp_path: Path) -> None:
    original = srv.server("tofu", certificate=certificate("tofu"), users={USER: PASSWORD})
    srv.write_secrets(tmp_path / "config", "dcs", USER, PASSWORD, 0o600)
    settings: dict[str, Any] = {
        "security": "Basic256Sha256_SignAndEncrypt",
        "credentials": "dcs",
    }

    async def connects() -> None:
        recorder = srv.Recorder()
        driver = driver_for(original.url, tmp_path, recorder, **settings)
        await driver.start()
        try:
            await recorder.wait_for(recorder.good(IN_T))
        finally:
            await driver.stop()

    srv.run(connects())
    original.host.run(original.server.stop_listening())
    impostor = srv.server(
        "tofu-changed", port=original.port, certificate=certificate("other"), users={USER: "x"}
    )

    async def refused() -> None:
        recorder = srv.Recorder()
        driver = driver_for(impostor.url, tmp_path, recorder, **settings)
        await driver.start()
        try:
            await recorder.wait_for(recorder.quality(Quality.BAD_CERTIFICATE_UNTRUSTED, IN_T))
            (status,) = driver.status()
            assert status.state is ConnectionState.FAILED
            for key in ("tofu", "other"):
                assert fingerprint(certificate(key).cert_der) in status.detail
                assert fingerprint(certificate(key).cert_der) in recorder.latest[IN_T].reason
        finally:
            await driver.stop()

    try:
        srv.run(refused())
    finally:
        impostor.host.run(impostor.server.stop_listening())
    assert impostor.login_attempts == 0, "credentials never go to an untrusted server"


def test_trust_list_accepts_the_listed_certificate_and_refuses_others(
    secure: srv.RemoteServer, tmp_path: Path
) -> None:
    trusted = tmp_path / "server.pem"
    trusted.write_bytes(
        x509.load_der_x509_certificate(certificate("secure").cert_der).public_bytes(
            serialization.Encoding.PEM
        )
    )
    other = tmp_path / "other.der"
    other.write_bytes(certificate("other").cert_der)
    srv.write_secrets(tmp_path / "config", "dcs", USER, PASSWORD, 0o600)
    settings: dict[str, Any] = {
        "security": "Basic256Sha256_SignAndEncrypt",
        "credentials": "dcs",
        "trust": "list",
    }

    async def scenario() -> None:
        accepted, refused = srv.Recorder(), srv.Recorder()
        good = driver_for(
            secure.url, tmp_path, accepted, trusted_certificates=(str(trusted),), **settings
        )
        bad = driver_for(
            secure.url, tmp_path, refused, trusted_certificates=(str(other),), **settings
        )
        await good.start()
        await bad.start()
        try:
            await accepted.wait_for(accepted.good(IN_T))
            await refused.wait_for(refused.quality(Quality.BAD_CERTIFICATE_UNTRUSTED, IN_T))
            assert "not one of the trusted_certificates" in bad.status()[0].detail
        finally:
            await good.stop()
            await bad.stop()

    srv.run(scenario())


def test_secrets_file_readable_by_others_is_refused(
    secure: srv.RemoteServer, tmp_path: Path
) -> None:
    secrets = srv.write_secrets(tmp_path / "config", "dcs", USER, PASSWORD, 0o644)
    recorder = srv.Recorder()
    driver = driver_for(
        secure.url,
        tmp_path,
        recorder,
        security="Basic256Sha256_SignAndEncrypt",
        credentials="dcs",
    )
    attempts_before = secure.login_attempts

    async def scenario() -> None:
        await driver.start()
        try:
            await recorder.wait_for(recorder.quality(Quality.BAD_CONFIGURATION_ERROR, IN_T))
            (status,) = driver.status()
            assert status.state is ConnectionState.FAILED
            assert str(secrets) in status.detail and "0644" in status.detail
        finally:
            await driver.stop()

    srv.run(scenario())
    assert secure.login_attempts == attempts_before


def test_load_credentials_environment_first_then_owner_only_file(tmp_path: Path) -> None:
    connection = OpcUaConnection("dcs-2", "opc.tcp://h:4840", credentials="plant")
    assert load_credentials(OpcUaConnection("x", "opc.tcp://h"), tmp_path, {}) is None
    with pytest.raises(SecretsError, match="does not exist"):
        load_credentials(connection, tmp_path, {})
    srv.write_secrets(tmp_path, "plant", "alice", "pw", 0o600)
    from_file = load_credentials(connection, tmp_path, {})
    assert from_file is not None and (from_file.username, from_file.password) == ("alice", "pw")
    assert "pw" not in repr(from_file)
    env = {"HMI_OPCUA_DCS_2_USERNAME": "bob", "HMI_OPCUA_DCS_2_PASSWORD": "pw2"}
    from_env = load_credentials(connection, tmp_path, env)
    assert from_env is not None and (from_env.username, from_env.password) == ("bob", "pw2")
    (tmp_path / "secrets.toml").chmod(0o640)
    with pytest.raises(SecretsError, match="mode 0640"):
        load_credentials(connection, tmp_path, {})
    (tmp_path / "secrets.toml").chmod(0o600)
    with pytest.raises(SecretsError, match=r"\[opcua.other\]"):
        load_credentials(OpcUaConnection("y", "opc.tcp://h", credentials="other"), tmp_path, {})


def test_client_certificate_is_made_once_with_an_owner_only_key(tmp_path: Path) -> None:
    first = ensure_client_certificate(tmp_path / "pki", host="console-1")
    der = first.cert_path.read_bytes()
    again = ensure_client_certificate(tmp_path / "pki", host="console-1")
    assert again.cert_path.read_bytes() == der, "made on first run only"
    assert stat.S_IMODE(first.key_path.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "pki").stat().st_mode) == 0o700
    names = (
        x509.load_der_x509_certificate(der)
        .extensions.get_extension_for_class(x509.SubjectAlternativeName)
        .value
    )
    assert names.get_values_for_type(x509.UniformResourceIdentifier) == [
        application_uri("console-1")
    ]
    assert first.application_uri == application_uri("console-1")
    moved = ensure_client_certificate(tmp_path / "pki", host="console-2")
    assert moved.cert_path.read_bytes() != der, "renewed for a new host name"


def test_password_is_not_sent_in_plain_text_over_security_none(tmp_path: Path) -> None:
    plain = srv.server("plain")  # no certificate: user tokens would be unencrypted
    recorder = srv.Recorder()
    environ = {"HMI_OPCUA_DCS_USERNAME": USER, "HMI_OPCUA_DCS_PASSWORD": PASSWORD}
    driver = driver_for(plain.url, tmp_path, recorder, environ=environ)

    async def scenario() -> None:
        await driver.start()
        try:
            await recorder.wait_for(recorder.quality(Quality.BAD_SECURITY_CHECKS_FAILED, IN_T))
            (status,) = driver.status()
            assert status.state is ConnectionState.FAILED
            assert "plain text" in status.detail
        finally:
            await driver.stop()

    srv.run(scenario())


def test_server_refusing_the_console_certificate_names_the_certificate_to_trust(
    secure: srv.RemoteServer, tmp_path: Path
) -> None:
    async def refuse(certificate: x509.Certificate, _app: object) -> None:
        raise ServiceError(StatusCodes.BadCertificateUntrusted)

    recorder = srv.Recorder()
    environ = {"HMI_OPCUA_DCS_USERNAME": USER, "HMI_OPCUA_DCS_PASSWORD": PASSWORD}
    driver = driver_for(
        secure.url,
        tmp_path,
        recorder,
        environ=environ,
        security="Basic256Sha256_SignAndEncrypt",
    )

    async def scenario() -> None:
        await driver.start()
        try:
            await recorder.wait_for(recorder.quality(Quality.BAD_CERTIFICATE_UNTRUSTED, IN_T))
            (status,) = driver.status()
            assert status.state is ConnectionState.FAILED
            assert "client_cert.der" in status.detail and "refused this console" in status.detail
        finally:
            await driver.stop()

    secure.server.server.set_certificate_validator(refuse)
    try:
        srv.run(scenario())
    finally:
        secure.server.server.iserver.certificate_validator = None
