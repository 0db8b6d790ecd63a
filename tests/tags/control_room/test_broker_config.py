"""The broker folder ``broker init`` writes: names that are safe topic levels, an ACL and a
configuration as documented, owner-only secrets, hashed passwords, certificates that name the
broker's hosts and chain to the folder's own authority; a folder is never overwritten."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID

from tags.control_room.broker_config import (
    BrokerSetupError,
    ControlRoomBroker,
    add_workstation,
    check_name,
    init_broker_folder,
    passwords_in_order,
    remove_workstation,
)

ROOM = ControlRoomBroker(
    "Demo plants",
    ("broker.plant.example", "10.0.0.5"),
    port=8883,
    sparkplug_host="scada",
    workstations=("ws-1", "ws-2"),
)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("name", ["ws-1", "WS_2", "desk.3", "a" * 64])
def test_a_workstation_name_of_letters_digits_and_dash_underscore_dot_is_taken(name: str) -> None:
    assert check_name(name, "workstation") == name


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("ws/1", "'/'"),
        ("ws+", "'+'"),
        ("ws#", "'#'"),
        ("ws 1", "' '"),
        ("ws:1", "':'"),
        ("%u", "'%'"),
        (".hidden", "leading"),
        ("", "a name is needed"),
        ("a" * 65, "at most 64"),
    ],
)
def test_a_bad_workstation_name_is_refused_saying_why(name: str, said: str) -> None:
    with pytest.raises(BrokerSetupError, match="workstation") as refused:
        check_name(name, "workstation")
    assert said in str(refused.value)


def test_a_user_name_given_twice_and_a_group_with_a_percent_sign_are_refused() -> None:
    with pytest.raises(BrokerSetupError, match="used twice: ws-1"):
        ControlRoomBroker("g", ("h",), workstations=("ws-1", "ws-1"))
    with pytest.raises(BrokerSetupError, match="used twice: server"):
        ControlRoomBroker("g", ("h",), workstations=("server",))
    with pytest.raises(BrokerSetupError, match="--group"):
        ControlRoomBroker("100% plant", ("h",))
    with pytest.raises(BrokerSetupError, match="--port 0"):
        ControlRoomBroker("g", ("h",), port=0)


def test_the_acl_lets_workstations_publish_their_requests_only() -> None:
    lines = ROOM.acl_text().splitlines()
    assert [line for line in lines if line.startswith("pattern")] == [
        "pattern read spBv1.0/Demo plants/#",
        "pattern read hmi/Demo plants/server",
        "pattern read hmi/Demo plants/alarms/+",
        "pattern read hmi/Demo plants/state/+",
        "pattern read hmi/Demo plants/response/%u",
        "pattern write hmi/Demo plants/request/%u",
    ]
    server = lines.index("user server")
    assert lines[server + 1 : server + 3] == [
        "topic readwrite spBv1.0/Demo plants/#",
        "topic readwrite hmi/Demo plants/#",
    ]
    host = lines.index("user scada")
    assert "topic deny hmi/#" in lines[host:]
    first_user = min(server, host)
    assert not [line for line in lines[:first_user] if line.startswith("topic")]


def test_init_writes_a_complete_owner_only_folder(tmp_path: Path) -> None:
    folder, certificates, generated = init_broker_folder(tmp_path / "broker", ROOM)
    path = folder.path
    assert generated == ["server", "scada", "ws-1", "ws-2"]
    assert mode(path) == 0o700
    for private in ("passwd", "acl", "mosquitto.conf", "ca.key", "server.key", "server.crt"):
        assert mode(path / private) == 0o600, private
    for user in generated:
        secret = folder.secret(user)
        assert mode(secret) == 0o600
        password = secret.read_text().strip()
        assert len(password) >= 32
        assert password not in (path / "passwd").read_text()
    assert folder.users() == generated
    conf = folder.conf.read_text()
    for line in (
        "allow_anonymous false",
        "listener 8883",
        "require_certificate false",
        f"password_file {path / 'passwd'}",
        f"acl_file {path / 'acl'}",
        f"certfile {certificates.server_cert}",
        f"keyfile {certificates.server_key}",
        "persistence false",
        f"log_dest file {folder.log}",
    ):
        assert line in conf.splitlines(), line
    assert folder.settings() == ROOM


def test_the_brokers_certificate_names_its_hosts_and_chains_to_the_folders_authority(
    tmp_path: Path,
) -> None:
    _, certificates, _ = init_broker_folder(tmp_path / "broker", ROOM)
    authority = x509.load_pem_x509_certificate(certificates.ca_cert.read_bytes())
    broker = x509.load_pem_x509_certificate(certificates.server_cert.read_bytes())
    broker.verify_directly_issued_by(authority)
    names = broker.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert names.get_values_for_type(x509.DNSName) == ["broker.plant.example"]
    assert [str(a) for a in names.get_values_for_type(x509.IPAddress)] == ["10.0.0.5"]
    usage = broker.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(usage) == [ExtendedKeyUsageOID.SERVER_AUTH]
    assert authority.extensions.get_extension_for_class(x509.BasicConstraints).value.ca


def test_an_existing_folder_with_anything_in_it_is_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(BrokerSetupError, match="not empty"):
        init_broker_folder(tmp_path, ROOM)
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_given_passwords_are_hashed_and_not_kept(tmp_path: Path) -> None:
    given = passwords_in_order(ROOM, ["s3rver-pass", "scada pass", "ws one", "ws two"])
    folder, _, generated = init_broker_folder(tmp_path / "broker", ROOM, dict(given))
    assert generated == []
    text = (folder.path / "passwd").read_text()
    assert all(password not in text for password in given.values())
    assert not list((folder.path / "secrets").iterdir())
    with pytest.raises(BrokerSetupError, match=r"4 lines needed \(server, scada, ws-1, ws-2\)"):
        passwords_in_order(ROOM, ["one"])


def test_a_password_mosquitto_would_cut_short_is_refused_and_nothing_is_left(
    tmp_path: Path,
) -> None:
    given = {"server": "has:colon"}
    with pytest.raises(BrokerSetupError, match="password of server: no ':'"):
        init_broker_folder(tmp_path / "broker", ROOM, given)
    assert not (tmp_path / "broker").exists()


def test_workstations_are_added_and_removed_by_name(tmp_path: Path) -> None:
    folder, _, _ = init_broker_folder(tmp_path / "broker", ROOM)
    _, generated = add_workstation(folder.path, "ws-3")
    assert generated and folder.secret("ws-3").exists()
    assert folder.users() == ["server", "scada", "ws-1", "ws-2", "ws-3"]
    assert folder.settings().workstations == ("ws-1", "ws-2", "ws-3")
    with pytest.raises(BrokerSetupError, match="already has that user"):
        add_workstation(folder.path, "ws-3")
    with pytest.raises(BrokerSetupError, match="'ws#4'"):
        add_workstation(folder.path, "ws#4")
    remove_workstation(folder.path, "ws-1")
    assert folder.users() == ["server", "scada", "ws-2", "ws-3"]
    assert not folder.secret("ws-1").exists()
    with pytest.raises(BrokerSetupError, match="not a workstation"):
        remove_workstation(folder.path, "server")
    with pytest.raises(BrokerSetupError, match="not a broker folder"):
        add_workstation(tmp_path, "ws-9")
