"""Which control room's server a console shows: ``--server URL [--workstation NAME]`` on the
command line, or the project file's ``[server]`` section; the command line wins.

```
[server]
broker = "mqtts://ws-1@broker.plant:8883?ca=ca.crt&password_file=ws-1.pw"
group = "Plant"          # the Sparkplug group (default: the project's name)
node = "server"          # the server's edge node id
workstation = "ws-1"     # this console's name on the server (default: the broker user,
                         # else the host name)
```

Relative ``ca=`` and ``password_file=`` paths in the file are relative to the project file.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tags.config.fields import parse_fields
from tags.config.problems import ProblemLog, without_where
from tags.control_room.broker import BrokerConfigError, BrokerUrl, parse_broker_url
from tags.control_room.broker_config import BrokerSetupError, check_name
from tags.i18n.catalogue import text as tr

SECTION = "server"
DEFAULT_NODE = "server"
FORBIDDEN_IN_IDS = "/+#"


@dataclass(frozen=True)
class ServerChoice:
    """A console's server: the broker to reach it through and the names on it."""

    broker: BrokerUrl
    group: str | None = None
    """The Sparkplug group (None: the project's name)."""
    node: str = DEFAULT_NODE
    workstation: str | None = None
    """This console's name on the server (None: the broker user, else the host name)."""

    def station(self) -> str | None:
        """The workstation name to use: the one given, else the broker user (each
        workstation logs in to the broker as itself), else None (the host name)."""
        return self.workstation or self.broker.user or None


@dataclass(frozen=True)
class ServerSection:
    """[server] as written in the project file."""

    broker: str
    group: str = ""
    node: str = DEFAULT_NODE
    workstation: str = ""


def parse_server_section(path: Path, table: dict[str, Any], log: ProblemLog) -> ServerChoice | None:
    """The [server] section (None, its problems in the log, when not usable)."""
    section = parse_fields(ServerSection, table, SECTION, log)
    before = len(log.problems)
    broker: BrokerUrl | None = None
    if section.broker:
        try:
            broker = _relative_to(
                parse_broker_url(section.broker, where=f"{SECTION}.broker"), path.parent
            )
        except BrokerConfigError as exc:
            log.add(f"{SECTION}.broker", without_where(str(exc), f"{SECTION}.broker"))
    elif "broker" in table:
        log.add(f"{SECTION}.broker", tr("config.server.empty_broker"))
    for key in ("group", "node"):
        text = getattr(section, key)
        if key in table and (not text.strip() or any(c in text for c in FORBIDDEN_IN_IDS)):
            log.add(f"{SECTION}.{key}", tr("config.server.sparkplug_id", value=repr(text)))
    if section.workstation:
        try:
            check_workstation(section.workstation, f"{SECTION}.workstation")
        except BrokerConfigError as exc:
            log.add(f"{SECTION}.workstation", without_where(str(exc), f"{SECTION}.workstation"))
    if broker is None or len(log.problems) > before:
        return None
    return ServerChoice(broker, section.group or None, section.node, section.workstation or None)


def check_workstation(name: str, where: str) -> str:
    """A workstation name (a broker user and a topic level): BrokerConfigError naming
    ``where`` when it cannot be one."""
    try:
        return check_name(name, "workstation")
    except BrokerSetupError as exc:
        raise BrokerConfigError(f"{where}: {exc}") from None


def command_line_choice(
    url: str | None, workstation: str | None, project_choice: ServerChoice | None
) -> ServerChoice | None:
    """``--server URL`` and ``--workstation NAME`` over the project's [server] (its group
    and node kept); None when neither names a server. BrokerConfigError names the option."""
    if workstation is not None:
        check_workstation(workstation, "--workstation")
    if url is None:
        if project_choice is None:
            if workstation is not None:
                raise BrokerConfigError(
                    "--workstation: no server to join (give --server URL or a [server] "
                    "section in the project)"
                )
            return None
        chosen = project_choice
    else:
        broker = parse_broker_url(url, where="--server")
        chosen = (
            ServerChoice(broker)
            if project_choice is None
            else dataclasses.replace(project_choice, broker=broker)
        )
    if workstation is not None:
        chosen = dataclasses.replace(chosen, workstation=workstation)
    return chosen


def _relative_to(broker: BrokerUrl, folder: Path) -> BrokerUrl:
    def resolved(path: Path | None) -> Path | None:
        if path is None:
            return None
        path = path.expanduser()
        return path if path.is_absolute() else folder / path

    return dataclasses.replace(
        broker, ca=resolved(broker.ca), password_file=resolved(broker.password_file)
    )
