"""The [store] section: SQLite by default, a shared PostgreSQL server by URL; a bad URL, a
password in it or a secrets file others may read is a problem with file, line and key."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tags.config.project import load_project
from tags.store.url import SQLITE
from tests.tags.config.config_projects import PROJECT, line_number, make_project, only, refused


def test_without_a_store_section_the_store_is_sqlite(tmp_path: Path) -> None:
    assert load_project(make_project(tmp_path)).store == SQLITE


def test_a_postgresql_url_is_the_projects_store(tmp_path: Path) -> None:
    text = PROJECT + '\n[store]\nurl = "postgresql://hmi_server@db.plant:5433/scada"\n'
    store = load_project(make_project(tmp_path, project=text)).store
    assert store.is_postgresql
    assert (store.user, store.host, store.port, store.database) == (
        "hmi_server",
        "db.plant",
        5433,
        "scada",
    )
    assert str(store) == "postgresql://hmi_server@db.plant:5433/scada"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://db/scada", "is not a store URL"),
        ("postgresql://user:secret@db/scada", "holds a password"),
        ("postgresql://user@db", "must name a host and a database"),
        ("postgresql://user@db:notaport/scada", "no valid port"),
        ("postgresql://user@db/scada?password=x", "does not belong in the URL"),
    ],
)
def test_a_bad_store_url_names_file_line_and_key(tmp_path: Path, url: str, message: str) -> None:
    text = PROJECT + f'\n[store]\nurl = "{url}"\n'
    problem = only(make_project(tmp_path, project=text))
    assert (problem.file, problem.path) == ("project.toml", "store.url")
    assert problem.line == line_number(text, 'url = "' + url)
    assert message in problem.message


def test_unknown_store_keys_and_wrong_types_are_problems(tmp_path: Path) -> None:
    text = PROJECT + '\n[store]\nurl = 5\nuser = "x"\n'
    problems = {p.path: p.message for p in refused(make_project(tmp_path, project=text))}
    assert problems["store.url"].startswith("must be text")
    assert problems["store.user"].startswith("unknown key")


def test_a_secrets_file_is_relative_to_the_project_and_owner_only(tmp_path: Path) -> None:
    secrets = tmp_path / "store.pgpass"
    secrets.write_text("db:5432:scada:hmi_server:pw\n")
    os.chmod(secrets, 0o600)
    text = (
        PROJECT + '\n[store]\nurl = "postgresql://hmi_server@db/scada"\nsecrets = "store.pgpass"\n'
    )
    assert load_project(make_project(tmp_path, project=text)).store.secrets == secrets
    os.chmod(secrets, 0o644)
    problem = only(make_project(tmp_path, project=text))
    assert problem.path == "store.secrets"
    assert "chmod 600" in problem.message


def test_a_secrets_file_without_a_server_is_a_problem(tmp_path: Path) -> None:
    text = PROJECT + '\n[store]\nsecrets = "store.pgpass"\n'
    assert only(make_project(tmp_path, project=text)).path == "store.secrets"
