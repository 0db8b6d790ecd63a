"""Project files -> a validated Project. Every problem is reported at once; nothing half-loads.

A project is one TOML file (project, areas, scan classes, connections, historian, security,
writes, process_alarms) that names tag lists in TOML or CSV beside it. Unknown keys are errors.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from tags.alarms.checks import reference_problems
from tags.alarms.settings import SECTION as ALARM_SECTION
from tags.alarms.settings import AlarmSettings, parse_alarm_settings
from tags.analytics.config import SECTION as ANALYTICS_SECTION
from tags.analytics.config import AnalyticsSettings, parse_analytics, prediction_problems
from tags.analytics.energy_areas import energy_area_problems
from tags.analytics.stopped_units import unit_problems
from tags.collection import collection_paused
from tags.config.connections import CONNECTION_KINDS, Connection
from tags.config.fields import not_finite, parse_fields
from tags.config.files import FileProblem, TomlProblem, parse_toml, read_text
from tags.config.problems import ConfigError, ConfigProblem, ProblemLog, without_where
from tags.config.screen_list import SECTION as SCREENS_SECTION
from tags.config.screen_list import ScreenEntry, parse_screen_list
from tags.config.tag_cache import MIN_BYTES, TagCache, content_key
from tags.config.taglist import TagContext, csv_tables, parse_tag
from tags.i18n.catalogue import text as tr
from tags.model import TagDef
from tags.reports.area_report import AreaReport, area_report_problems, parse_area_report
from tags.security.permissions import SecurityPolicy
from tags.store.url import SQLITE, StoreConfigError, StoreUrl, check_secrets_file, parse_store_url

if TYPE_CHECKING:  # the control room's code loads only for a project that names a server
    from tags.control_room.console.server_choice import ServerChoice

SECTIONS = {
    "project", "scan_classes", "areas", "connections", "historian", "security", "writes",
    ALARM_SECTION, "simulator", ANALYTICS_SECTION, "store", "server", SCREENS_SECTION,
}  # fmt: skip
PROJECT_KEYS = {"name", "name_zh", "description", "demo", "tag_files"}
AREA_KEYS = {"description", "description_zh", "report"}
AREA_TEXT_KEYS = {"description", "description_zh"}
DEFAULT_SCAN_CLASSES = {"fast": 0.25, "normal": 1.0, "slow": 5.0}


@dataclass(frozen=True)
class Area:
    name: str
    description: str = ""
    report: AreaReport = field(default_factory=AreaReport)
    """[areas.X.report]: the area's trends and watched units in the shift report."""
    description_zh: str = ""
    """In Simplified Chinese ("": the English one is shown)."""


@dataclass(frozen=True)
class HistorianSettings:
    """[historian]: what is recorded and how long it is kept (see tags/history/historian.py).

    A tag is recorded when its value moves beyond its own ``deadband`` (tag lists), or, for a
    tag without one, beyond ``deadband_percent`` of its range; always when its quality changes;
    and at least every ``max_interval`` seconds. ``exclude`` lists tag-name patterns (``*``,
    ``?``) that are never recorded.
    """

    retention_days: float = 90.0
    max_size_mb: float = 2048.0
    max_interval: float = 60.0
    flush_interval: float = 1.0
    deadband_percent: float = 0.1
    enabled: bool = True
    exclude: tuple[str, ...] = ()
    maintenance_interval: float = 3600.0
    bounds: ClassVar[dict[str, tuple[float, float]]] = {
        "retention_days": (0.01, 36500.0),
        "max_size_mb": (1.0, 10_000_000.0),
        "max_interval": (0.1, 86400.0),
        "flush_interval": (0.05, 10.0),
        "deadband_percent": (0.0, 100.0),
        "maintenance_interval": (10.0, 86400.0),
    }


@dataclass(frozen=True)
class WriteSettings:
    readback_timeout: float = 3.0
    stale_periods: float = 3.0


@dataclass(frozen=True)
class SimulatorSettings:
    """[simulator]: the built-in field simulator (tags/simulation/field_server.py).

    With ``embedded = true`` the console starts it in-process on free loopback ports and
    points the connections it serves (plc-cwp, plc-rect, dcs) at them; ``python main.py sim``
    serves the same project on the host and ports of those connections. ``speed`` is the time
    factor (0 freezes the plant), ``step`` the model step in plant seconds. A client
    connection silent for ``client_idle_timeout`` seconds is closed (Modbus: no request; OPC
    UA: no session activated) and each endpoint keeps at most ``max_clients`` connections.
    """

    embedded: bool = False
    seed: int = 1
    speed: float = 1.0
    step: float = 0.1
    client_idle_timeout: float = 60.0
    max_clients: int = 100
    bounds: ClassVar[dict[str, tuple[float, float]]] = {
        "seed": (0, 2**32 - 1),
        "speed": (0.0, 1000.0),
        "step": (0.01, 1.0),
        "client_idle_timeout": (1.0, 86400.0),
        "max_clients": (1, 10000),
    }


@dataclass(frozen=True)
class StoreSettings:
    """[store]: where history, journal, audit trail and users are kept.

    ``url = "sqlite"`` (the default): files in the console's data folder.
    ``url = "postgresql://user@host:port/db"``: a shared PostgreSQL server; the password
    comes from the environment (HMI_STORE_PASSWORD or PGPASSWORD) or from ``secrets``, an
    owner-only file in libpq's .pgpass format (relative to the project file), never from
    the project itself.
    """

    url: str = "sqlite"
    secrets: str = ""


@dataclass(frozen=True)
class Project:
    path: Path
    name: str
    description: str = ""
    demo: bool = False
    areas: Mapping[str, Area] = field(default_factory=dict)
    scan_classes: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_SCAN_CLASSES))
    connections: Mapping[str, Connection] = field(default_factory=dict)
    tags: Mapping[str, TagDef] = field(default_factory=dict)
    security: SecurityPolicy = field(default_factory=SecurityPolicy)
    historian: HistorianSettings = field(default_factory=HistorianSettings)
    writes: WriteSettings = field(default_factory=WriteSettings)
    alarm_settings: AlarmSettings = field(default_factory=AlarmSettings)
    simulator: SimulatorSettings = field(default_factory=SimulatorSettings)
    analytics: AnalyticsSettings = field(default_factory=AnalyticsSettings)
    """[plant_analytics]: tariff, energy, targets, shifts, prediction, instrument health."""
    store: StoreUrl = SQLITE
    """[store]: the SQLite files of the data folder, or a shared PostgreSQL server
    (``--store URL`` on the command line overrides it)."""
    server: ServerChoice | None = None
    """[server]: the console shows a control room's server instead of running the project
    itself (``--server URL`` on the command line overrides it); None: standalone."""
    screens: tuple[ScreenEntry, ...] = ()
    """[[screens]]: the displays in navigation order (empty: the console's default set)."""
    name_zh: str = ""
    """The name in Simplified Chinese, shown in Chinese ("": the name); the name stays the
    project's key (topics, recordings)."""


def load_project(path: str | Path, *, tag_cache: bool = True) -> Project:
    """Load and validate a project; raise ConfigError listing every problem.

    Large tag lists that loaded cleanly before with the same content come from the tag
    cache (tags/config/tag_cache.py) unless ``tag_cache`` is False."""
    path = Path(path)
    problems: list[ConfigProblem] = []
    log = ProblemLog(path.name)
    try:
        log.text = read_text(path)
    except FileProblem as exc:
        log.add("", tr("config.cannot_read", why=exc))
        raise ConfigError(log.problems) from None
    data = _parse_project(log)
    if data is None:
        raise ConfigError(log.problems)
    for section in sorted(set(data) - SECTIONS):
        log.add(section, tr("config.unknown_section", known=", ".join(sorted(SECTIONS))))
    info = _table(data, "project", log)
    for key in sorted(set(info) - PROJECT_KEYS):
        known = ", ".join(sorted(PROJECT_KEYS))
        log.add(f"project.{key}", tr("config.unknown_key", known=known))
    name = info.get("name")
    if not isinstance(name, str) or not name:
        log.add("project.name", tr("config.project_name"))
    name_zh = info.get("name_zh", "")
    if not isinstance(name_zh, str):
        log.add("project.name_zh", tr("config.must_be_text"))
    demo = info.get("demo", False)
    if not isinstance(demo, bool):
        log.add("project.demo", tr("config.must_be_bool"))
    scan_classes = _scan_classes(_table(data, "scan_classes", log), log)
    areas = _areas(_table(data, "areas", log), log)
    connections = _connections(_table(data, "connections", log), log)
    security = parse_fields(SecurityPolicy, _table(data, "security", log), "security", log)
    historian = parse_fields(HistorianSettings, _table(data, "historian", log), "historian", log)
    writes = parse_fields(WriteSettings, _table(data, "writes", log), "writes", log)
    simulator = parse_fields(SimulatorSettings, _table(data, "simulator", log), "simulator", log)
    alarm_settings = parse_alarm_settings(data.get(ALARM_SECTION, {}), log)
    analytics = parse_analytics(data.get(ANALYTICS_SECTION, {}), log)
    store = _store(path, _table(data, "store", log), log)
    server = _server(path, data, log)
    screens = parse_screen_list(data.get(SCREENS_SECTION), path, areas, log)
    problems.extend(log.problems)
    ctx = TagContext(frozenset(areas), connections, scan_classes, alarm_settings)
    texts = _read_tag_files(path, info.get("tag_files", []), problems)
    cache, key = None, content_key(log.text, texts)  # the tag lists' meaning, all in one
    if tag_cache and not problems and sum(len(text) for _, text in texts) >= MIN_BYTES:
        cache = TagCache(path)
    with collection_paused():  # millions of objects built, next to none freed
        tags = _RECENT.get(key) if not problems else None
        if tags is None and cache is not None:
            tags = cache.get(key)
        if tags is None:
            tags, origins = _parse_tag_files(path, texts, ctx, problems)
            _check_references(tags, origins, problems)
            if cache is not None and not problems:
                cache.put(key, tags)
        if not problems:
            _RECENT.clear()
            _RECENT[key] = tags
    for setting, message in prediction_problems(analytics.prediction, tags):
        log.add(f"{ANALYTICS_SECTION}.prediction.{setting}", message)
        problems.append(log.problems[-1])
    for where, message in unit_problems(analytics.health.units, tags):
        log.add(f"{ANALYTICS_SECTION}.health.units.{where}", message)
        problems.append(log.problems[-1])
    for area in areas.values():
        for where, message in area_report_problems(area.name, area.report, tags):
            log.add(where, message)
            problems.append(log.problems[-1])
    units = {name: tag.unit for name, tag in tags.items()}
    for where, message in energy_area_problems(analytics.energy.areas, areas, units):
        log.add(f"{ANALYTICS_SECTION}.energy.areas.{where}", message)
        problems.append(log.problems[-1])
    if problems:
        raise ConfigError(problems)
    project = Project(
        path=path,
        name=str(name),
        name_zh=str(name_zh),
        description=str(info.get("description", "")),
        demo=bool(demo),
        areas=areas,
        scan_classes=scan_classes,
        connections=connections,
        tags=tags,
        security=security,
        historian=historian,
        writes=writes,
        alarm_settings=alarm_settings,
        simulator=simulator,
        analytics=analytics,
        store=store,
        server=server,
        screens=screens,
    )
    return project


_RECENT: dict[str, Mapping[str, TagDef]] = {}
"""The tags of the project this process loaded last, by content key (tag_cache.content_key):
a command that looks at the project before it runs it (its store, its server) loads it
twice, and the tag lists are parsed once. The project file itself is read and checked at
every load (its checks look at other files: a secrets file, a password file)."""


def _parse_project(log: ProblemLog) -> dict[str, Any] | None:
    try:
        return parse_toml(log.text)
    except TomlProblem as exc:
        log.add("", tr("config.not_toml", why=exc), line=exc.line)
        return None


def _table(data: Mapping[str, Any], key: str, log: ProblemLog) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        log.add(key, tr("config.must_be_table"))
        return {}
    return value


def _server(path: Path, data: Mapping[str, Any], log: ProblemLog) -> ServerChoice | None:
    """The [server] section (None when absent: a standalone console)."""
    if "server" not in data:
        return None
    from tags.control_room.console.server_choice import parse_server_section

    return parse_server_section(path, _table(data, "server", log), log)


def _store(path: Path, table: dict[str, Any], log: ProblemLog) -> StoreUrl:
    """The [store] section as a StoreUrl (SQLite when absent or not usable)."""
    settings = parse_fields(StoreSettings, table, "store", log)
    secrets: Path | None = None
    if settings.secrets:
        secrets = Path(settings.secrets).expanduser()
        if not secrets.is_absolute():
            secrets = path.parent / secrets
    try:
        store = parse_store_url(settings.url, where="store.url", secrets=secrets)
    except StoreConfigError as exc:
        log.add("store.url", without_where(str(exc), "store.url"))
        return SQLITE
    if secrets is not None:
        if not store.is_postgresql:
            log.add("store.secrets", tr("config.secrets_not_pg"))
            return SQLITE
        try:
            check_secrets_file(secrets)
        except StoreConfigError as exc:
            log.add("store.secrets", str(exc))
            return SQLITE
    return store


def _scan_classes(table: dict[str, Any], log: ProblemLog) -> dict[str, float]:
    classes = dict(DEFAULT_SCAN_CLASSES)
    for name, period in table.items():
        if isinstance(period, bool) or not isinstance(period, int | float) or period < 0.05:
            log.add(f"scan_classes.{name}", tr("config.scan_period"))
            continue
        if (problem := not_finite(period)) is not None:
            log.add(f"scan_classes.{name}", problem)
            continue
        classes[name] = float(period)
    return classes


def _areas(table: dict[str, Any], log: ProblemLog) -> dict[str, Area]:
    areas: dict[str, Area] = {}
    for name, spec in table.items():
        if not name.isupper() or not name.replace("_", "").isalnum():
            log.add(f"areas.{name}", tr("config.area_name"))
        spec = spec if isinstance(spec, dict) else {"description": spec}
        for key in sorted(set(spec) - AREA_KEYS):
            known = ", ".join(sorted(AREA_KEYS))
            log.add(f"areas.{name}.{key}", tr("config.unknown_key", known=known))
        for key in sorted(AREA_TEXT_KEYS & set(spec)):
            if not isinstance(spec[key], str):
                log.add(f"areas.{name}.{key}", tr("config.must_be_text"))
        report = parse_area_report(spec.get("report"), f"areas.{name}.report", log)
        areas[name] = Area(
            name,
            str(spec.get("description", "")),
            report,
            str(spec.get("description_zh", "")),
        )
    return areas


def _connections(table: dict[str, Any], log: ProblemLog) -> dict[str, Connection]:
    connections: dict[str, Connection] = {}
    for name, spec in table.items():
        path = f"connections.{name}"
        if not isinstance(spec, dict):
            log.add(path, tr("config.must_be_table"))
            continue
        kind = spec.get("kind")
        cls = CONNECTION_KINDS.get(str(kind))
        if cls is None:
            choices = ", ".join(CONNECTION_KINDS)
            log.add(f"{path}.kind", tr("config.must_be_one_of", choices=choices))
            continue
        rest = {k: v for k, v in spec.items() if k != "kind"}
        connection = parse_fields(cls, rest, path, log, name=name)
        if connection is not None:
            connections[name] = connection
    return connections


def _read_tag_files(
    project_path: Path, files: Any, problems: list[ConfigProblem]
) -> list[tuple[str, str]]:
    """(file name, text) of each tag list the project names; problems for those unreadable."""
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        problems.append(
            ConfigProblem(project_path.name, None, "project.tag_files", tr("config.tag_files"))
        )
        return []
    texts: list[tuple[str, str]] = []
    for file_name in files:
        file_path = project_path.parent / file_name
        if file_path.suffix.lower() not in (".toml", ".csv"):
            problems.append(
                ConfigProblem(
                    project_path.name,
                    None,
                    "project.tag_files",
                    tr("config.tag_file_kind", file=file_name),
                )
            )
            continue
        try:
            texts.append((file_name, read_text(file_path, encoding="utf-8-sig")))
        except FileProblem as exc:
            problems.append(
                ConfigProblem(
                    project_path.name,
                    None,
                    "project.tag_files",
                    tr("config.cannot_read_file", file=file_name, why=exc),
                )
            )
    return texts


def _parse_tag_files(
    project_path: Path,
    texts: list[tuple[str, str]],
    ctx: TagContext,
    problems: list[ConfigProblem],
) -> tuple[dict[str, TagDef], dict[str, str]]:
    """The tags of the tag lists' texts and where each is defined ("file:line")."""
    tags: dict[str, TagDef] = {}
    where_defined: dict[str, str] = {}
    for file_name, text in texts:
        file_path = project_path.parent / file_name
        log = ProblemLog(file_name)
        log.text = text
        for name, table, line in _tag_tables(file_path, log):
            if name in where_defined:
                log.add(
                    f"tags.{name}",
                    tr("config.duplicate_tag", where=where_defined[name]),
                    line=line,
                )
                continue
            where_defined[name] = f"{file_name}:{line}" if line else file_name
            log.row_line = line if file_path.suffix.lower() == ".csv" else None
            tag = parse_tag(name, table, ctx, log)
            if tag is not None:
                tags[name] = tag
        problems.extend(log.problems)
    return tags, where_defined


def _tag_tables(file_path: Path, log: ProblemLog) -> list[tuple[str, Any, int | None]]:
    if file_path.suffix.lower() == ".csv":
        return [(n, t, line) for n, t, line in csv_tables(log.text, log)]
    try:
        data = parse_toml(log.text)
    except TomlProblem as exc:
        log.add("", tr("config.not_toml", why=exc), exc.line)
        return []
    for key in sorted(set(data) - {"tags"}):
        log.add(key, tr("config.tag_list_section"))
    tables = data.get("tags", {})
    if not isinstance(tables, dict):
        log.add("tags", tr("config.tag_tables"))
        return []
    headers = _header_lines(log.text)  # one pass: a search per tag is quadratic
    return [
        (name, table, headers.get(name) or log.line_of(f"tags.{name}"))
        for name, table in tables.items()
    ]


_TAG_HEADER = re.compile(r'^[ \t]*\[tags\."([^"]+)"\]', re.MULTILINE)


def _header_lines(text: str) -> dict[str, int]:
    """The line of each ``[tags."NAME"]`` header of a TOML tag list."""
    lines: dict[str, int] = {}
    line, position = 1, 0
    for match in _TAG_HEADER.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        lines.setdefault(match.group(1), line)
    return lines


def _check_references(
    tags: Mapping[str, TagDef], origins: Mapping[str, str], problems: list[ConfigProblem]
) -> None:
    """Deviation setpoints and suppression conditions must name existing tags of the right
    type (tags defined with problems of their own pass); suppression must not loop."""
    for problem in reference_problems(tags, defined=origins):
        file, _, line = origins[problem.tag].partition(":")
        line_number = int(line) if line else None
        problems.append(ConfigProblem(file, line_number, problem.path, problem.message))


def check_project(path: str | Path) -> list[ConfigProblem]:
    """Every problem of a project (empty when it loads)."""
    try:
        load_project(path)
    except ConfigError as exc:
        return exc.problems
    return []
