"""Store URLs: sqlite by default, postgresql://user@host:port/db, never a password."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tags.store.url import PASSWORD_VARIABLE, SQLITE, StoreConfigError, parse_store_url


def test_empty_and_sqlite_mean_the_data_folder() -> None:
    assert parse_store_url("", where="p.toml: store.url") is SQLITE
    assert parse_store_url("sqlite", where="p.toml: store.url") is SQLITE


def test_a_postgresql_url_names_server_user_and_database() -> None:
    url = parse_store_url("postgresql://scada@db.plant:5433/emm", where="x")
    assert (url.kind, url.host, url.port, url.user, url.database) == (
        "postgresql", "db.plant", 5433, "scada", "emm"
    )  # fmt: skip
    assert str(url) == "postgresql://scada@db.plant:5433/emm"
    assert parse_store_url("postgres://h/d", where="x").port == 5432


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("postgresql://scada:hunter2@h/d", "holds a password"),
        ("postgresql://h/d?password=x", "password does not belong"),
        ("mysql://h/d", "not a store URL"),
        ("postgresql://h", "must name a host and a database"),
        ("postgresql://h:99999/d", "no valid port"),
    ],
)
def test_bad_urls_say_where_and_what(text: str, said: str) -> None:
    with pytest.raises(StoreConfigError, match=said) as caught:
        parse_store_url(text, where="plant.toml: store.url")
    assert str(caught.value).startswith("plant.toml: store.url: ")
    assert "hunter2" not in str(caught.value)


def test_the_password_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    url = parse_store_url("postgresql://scada@h/d", where="x")
    monkeypatch.delenv(PASSWORD_VARIABLE, raising=False)
    assert "password" not in url.connect_kwargs()
    monkeypatch.setenv(PASSWORD_VARIABLE, "from-env")
    assert url.connect_kwargs()["password"] == "from-env"


@pytest.mark.skipif(os.name == "nt", reason="file modes")
def test_a_secrets_file_must_be_owner_only(tmp_path: Path) -> None:
    secrets = tmp_path / "store.pgpass"
    secrets.write_text("h:5432:d:scada:pw\n")
    secrets.chmod(0o644)
    url = parse_store_url("postgresql://scada@h/d", where="x", secrets=secrets)
    with pytest.raises(StoreConfigError, match="chmod 600"):
        url.connect_kwargs()
    secrets.chmod(0o600)
    assert url.connect_kwargs()["passfile"] == str(secrets)
