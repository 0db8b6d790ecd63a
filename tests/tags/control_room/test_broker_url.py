"""Broker URLs: scheme, port, TLS authority, user; a password never in the URL, a password
file only when owner-only; each error says where the URL came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from tags.control_room.broker import BrokerConfigError, BrokerUrl, parse_broker_url


def test_plain_and_tls_urls() -> None:
    assert parse_broker_url("mqtt://127.0.0.1", where="--broker") == BrokerUrl("127.0.0.1", 1883)
    url = parse_broker_url("mqtts://ws-3@broker.plant:9883?ca=/etc/hmi/ca.pem", where="x")
    assert url == BrokerUrl("broker.plant", 9883, True, "ws-3", Path("/etc/hmi/ca.pem"))
    assert str(url) == "mqtts://ws-3@broker.plant:9883"


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("http://h", "must start with mqtt:// or mqtts://"),
        ("mqtt://ws:secret@h", "a password does not belong in the broker URL"),
        ("mqtt://h?ca=/x", r"\?ca= needs an mqtts:// URL"),
        ("mqtt://h?colour=red", "unknown broker option"),
        ("mqtt://h:99999", "bad port"),
    ],
)
def test_bad_urls_say_where_and_why(text: str, error: str) -> None:
    with pytest.raises(BrokerConfigError, match=f"project.toml \\[server\\] broker: .*{error}"):
        parse_broker_url(text, where="project.toml [server] broker")


def test_the_password_comes_from_the_environment_or_an_owner_only_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HMI_BROKER_PASSWORD", raising=False)
    secret = tmp_path / "broker.secret"
    secret.write_text("s3cret\n")
    secret.chmod(0o644)
    url = parse_broker_url(f"mqtt://ws-1@h?password_file={secret}", where="x")
    with pytest.raises(BrokerConfigError, match="may be read by others: chmod 600"):
        url.password()
    secret.chmod(0o600)
    assert url.client_kwargs("console-ws-1")["password"] == "s3cret"
    monkeypatch.setenv("HMI_BROKER_PASSWORD", "from-env")
    assert url.password() == "from-env"
