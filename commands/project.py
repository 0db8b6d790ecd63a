"""Command-line tools that need no display: check, users, audit, read, write.

Each returns the process exit code and prints to the given streams, so tests call them
directly and scripts can rely on the codes: 0 success, 1 refused/failed, 2 bad usage, and
for ``write`` 3: sent, but unconfirmed (the outcome is unknown).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from commands.columns import pad
from tags.clock import SystemClock
from tags.config.problems import ConfigError, ConfigProblem
from tags.config.project import Project, load_project
from tags.field_choice import Field, FieldChoice, FieldUnavailable, choose_field
from tags.i18n.catalogue import text
from tags.i18n.descriptions import project_name
from tags.i18n.formats import at
from tags.i18n.words import word
from tags.model import Quality
from tags.security.audit import AuditFileError, AuditRecord, verify_data_dir
from tags.security.audit_record import VerifyResult
from tags.security.audit_store import AuditStore
from tags.security.permissions import Action, PermissionDenied, Role, User, require
from tags.security.users import AuthError, UserAccounts, UserError
from tags.store.postgres import StoreError
from tags.store.url import StoreUrl
from tags.stores import Stores
from tags.write_path import WriteStatus

if TYPE_CHECKING:
    from tags.runtime import Runtime


def check(path: Path, out: TextIO = sys.stdout, data_dir: Path | None = None) -> int:
    """Validate a project: print every problem; 1 if any, 0 if none.

    The OPC UA servers that can be reached are asked whether each tag's node exists and is
    of a type the tag can show; one that cannot be reached is noted, not a problem."""
    try:
        project = load_project(path)
    except ConfigError as exc:
        for problem in exc.problems:
            print(problem, file=out)
        print(text("cli.problems", count=len(exc.problems)), file=out)
        return 1
    screen_problems = _screen_problems(project)
    if screen_problems:
        for problem in screen_problems:
            print(problem, file=out)
        print(text("cli.screen_problems", count=len(screen_problems)), file=out)
        return 1
    if _has_opcua_tags(project):
        from tags.drivers.opcua.check import check_servers

        tags = list(project.tags.values())
        checks = asyncio.run(check_servers(project.connections, tags, data_dir=data_dir))
        problems = [problem for c in checks for problem in c.problems]
        for line in [c.note for c in checks if c.note] + problems:
            print(line, file=out)
        if problems:
            print(text("config.check.opcua_problems", path=path, count=len(problems)), file=out)
            return 1
    screens = text("config.check.screens", screens=len(project.screens)) if project.screens else ""
    ok = text("config.check.ok", path=path, name=project_name(project), tags=len(project.tags),
              connections=len(project.connections), areas=len(project.areas))  # fmt: skip
    print(ok + screens, file=out)
    return 0


def _screen_problems(project: Project) -> list[ConfigProblem]:
    """Problems of the project's screens: every tag a screen names exists, every link leads
    to a screen, every element is well formed (the console's screens load only then)."""
    if not project.screens:
        return []
    from screens import screens_of  # the displays (and Qt) load only for a project with some

    try:
        screens_of(project)
    except ConfigError as exc:
        return exc.problems
    return []


def _has_opcua_tags(project: Project) -> bool:
    kinds = {name: c.kind for name, c in project.connections.items()}
    return any(
        kinds.get(getattr(tag.address, "connection", "")) == "opcua"
        for tag in project.tags.values()
    )


def load_or_report(path: Path, out: TextIO) -> Project | None:
    """The project, or None with every problem printed."""
    try:
        return load_project(path)
    except ConfigError as exc:
        for problem in exc.problems:
            print(problem, file=out)
        return None


@contextlib.contextmanager
def _accounts(data_dir: Path, store: StoreUrl | None) -> Iterator[tuple[UserAccounts, AuditStore]]:
    """The users and the audit trail of the data folder, or of the shared store."""
    with Stores(store, data_dir, SystemClock()) as stores:
        users = stores.users()
        try:
            audit = stores.audit()
            try:
                yield users, audit
            finally:
                audit.close()
        finally:
            users.close()


Credentials = tuple[str, str]
"""An administrator's name and password, given to change users once an administrator exists."""

COMMAND_LINE = "command line"
NO_ADMIN_YET = "(no administrator yet)"


def _authorize(
    store: UserAccounts, audit: AuditStore, admin: Credentials | None, change: str, out: TextIO
) -> str | None:
    """Who may make ``change`` (audited as its user), or None when refused (said and audited).

    While no administrator exists anyone may (that is how the first one is made); after that
    only an administrator, logged in through the same lock-out-protected check as the console,
    so wrong passwords count towards the lock."""
    if not store.has_admin():
        return NO_ADMIN_YET
    if admin is None:
        _refuse(audit, "", change, text("cli.users.need_admin"), out)
        return None
    name, password = admin
    try:
        user = store.authenticate(name, password)
    except AuthError as exc:
        audit.append("login_failed", user=name, workstation=COMMAND_LINE, result=str(exc),
                     detail=exc.kind.value)  # fmt: skip
        _refuse(audit, name, change, str(exc), out)
        return None
    try:
        require(user, Action.MANAGE_USERS)
    except PermissionDenied as exc:
        _refuse(audit, user.name, change, str(exc), out)
        return None
    return user.name


def _refuse(audit: AuditStore, who: str, change: str, why: str, out: TextIO) -> None:
    audit.append("user_change_refused", user=who, workstation=COMMAND_LINE, result=why,
                 detail=change)  # fmt: skip
    print(text("cli.refused", why=why), file=out)


def users_add(
    data_dir: Path,
    name: str,
    role: str,
    password: str,
    areas: Sequence[str] | None,
    out: TextIO,
    *,
    admin: Credentials | None = None,
    store: StoreUrl | None = None,
) -> int:
    """Add a user; once an administrator exists, only with an administrator's credentials.
    ``store``: the shared store instead of the data folder's files (also for the others)."""
    try:
        chosen = Role(role)
    except ValueError:
        known = ", ".join(r.value for r in Role)
        print(text("cli.users.unknown_role", role=role, known=known), file=out)
        return 2
    with _accounts(data_dir, store) as (accounts, audit):
        change = f"{name} as {role}"
        actor = _authorize(accounts, audit, admin, f"add {change}", out)
        if actor is None:
            return 1
        try:
            accounts.add(name, chosen, password, areas or None)
        except UserError as exc:
            print(text("cli.refused", why=exc), file=out)
            return 1
        audit.append("user_added", user=actor, workstation=COMMAND_LINE, detail=change)
    print(text("cli.users.added", name=name, role=word("role", role)), file=out)
    return 0


def users_passwd(
    data_dir: Path,
    name: str,
    password: str,
    out: TextIO,
    *,
    admin: Credentials | None = None,
    store: StoreUrl | None = None,
) -> int:
    """Set a password; once an administrator exists, only with an administrator's credentials."""
    with _accounts(data_dir, store) as (accounts, audit):
        actor = _authorize(accounts, audit, admin, f"change the password of {name}", out)
        if actor is None:
            return 1
        try:
            accounts.set_password(name, password)
        except UserError as exc:
            print(text("cli.refused", why=exc), file=out)
            return 1
        audit.append("password_changed", user=actor, workstation=COMMAND_LINE, detail=name)
    print(text("cli.users.password_changed", name=name), file=out)
    return 0


def users_list(data_dir: Path, out: TextIO, *, store: StoreUrl | None = None) -> int:
    with Stores(store, data_dir, SystemClock()) as stores:
        accounts = stores.users()
        try:
            users = accounts.list()
        finally:
            accounts.close()
    if not users:
        print(text("cli.users.none"), file=out)
        return 0
    columns = (("cli.users.col.name", 20), ("cli.users.col.role", 11), ("cli.users.col.areas", 16))
    heading = " ".join(pad(text(msg_id), width) for msg_id, width in columns)
    print(f"{heading} {text('cli.users.col.last_login')}", file=out)
    for info in users:
        areas = ",".join(sorted(info.areas)) if info.areas else text("cli.users.all_areas")
        last = at(info.last_login, seconds=True) if info.last_login else text("cli.users.never")
        locked = ""
        if info.locked_until:
            locked = text("cli.users.locked", time=at(info.locked_until, seconds=True))
        role = word("role", info.role.value)
        print(f"{pad(info.name, 20)} {pad(role, 11)} {pad(areas, 16)} {last}{locked}", file=out)
    return 0


def audit_verify(data_dir: Path, out: TextIO, *, store: StoreUrl | None = None) -> int:
    """Check the trail, its MACs and its anchors; then list the writes whose outcome is
    unknown. 0 intact (or no trail and no anchor), 1 tampered or unreadable. ``store``: the
    shared store's trail (its key and anchor copy in the data folder, anchors also in the
    kept reports of the store's index)."""
    try:
        if store is not None and store.is_postgresql:
            result, pending = _verify_shared(data_dir, store)
        else:
            result, pending = verify_data_dir(data_dir)
    except (AuditFileError, StoreError) as exc:
        print(exc, file=out)
        return 1
    if result.ok and result.checked == 0:
        print(result.message, file=out)
    elif result.ok:
        legacy = result.legacy_until
        note = text("cli.audit.legacy", last=legacy) if legacy is not None else ""
        print(text("cli.audit.intact", count=result.checked, note=note), file=out)
    else:
        print(text("cli.audit.tampered", why=result.message), file=out)
        if result.first_bad_seq is not None:
            print(text("cli.audit.first_bad", seq=result.first_bad_seq), file=out)
    for intent in pending:
        print(intent_line(intent), file=out)
    return 0 if result.ok else 1


def _verify_shared(data_dir: Path, store: StoreUrl) -> tuple[VerifyResult, list[AuditRecord]]:
    """Verify the shared store's trail (read only: nothing is appended)."""
    from tags.security.audit_anchor import Anchor, AnchorError
    from tags.security.pg_audit import PgAuditTrail

    with Stores(store, data_dir, SystemClock()) as stores:
        assert stores.db is not None
        trail = PgAuditTrail.in_data_dir(stores.db, data_dir, SystemClock(), readonly=True)
        with stores.report_archive() as archive:
            try:
                kept = [Anchor.from_json(facts, where) for where, facts in archive.anchors()]
            except AnchorError as exc:
                return VerifyResult(False, 0, None, str(exc)), []
        result = trail.verify(kept)
        return result, trail.unresolved_intents()


def intent_line(intent: AuditRecord) -> str:
    """How a write intent without an outcome is listed."""
    unit = f" {intent.unit}" if intent.unit else ""
    why = f" ({intent.reason})" if intent.reason else ""
    return text(
        "cli.audit.intent", seq=intent.seq, outcome=text("cli.audit.outcome_unknown"),
        time=at(intent.time, seconds=True), user=intent.user, workstation=intent.workstation,
        tag=intent.tag, old=intent.old, new=intent.new, unit=unit, why=why,
    )  # fmt: skip


async def read(
    project_path: Path,
    data_dir: Path,
    names: Sequence[str],
    out: TextIO,
    timeout: float = 10.0,
    *,
    field: Field = Field.AUTO,
    note: TextIO | None = None,
    store: StoreUrl | None = None,
) -> int:
    """Print one JSON object per tag after the first complete scan; 1 if any is not Good.

    ``field``: where a simulated project's field is (tags/field_choice.py); the
    "field: ..." line goes to ``note`` (stderr), so ``out`` holds JSON lines only."""
    from tags.runtime import Runtime

    project = load_or_report(project_path, out)
    if project is None:
        return 1
    unknown = [n for n in names if n not in project.tags]
    if unknown:
        print(text("cli.unknown_tag", tag=unknown[0]), file=out)
        return 2
    choice = await _field(project, field, out)
    if choice is None:
        return 1
    runtime = Runtime(choice.project, data_dir, private_field=True, store=store)
    if not await _start(runtime, choice, out, note):
        return 1
    try:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        waiting = Quality.BAD_WAITING_FOR_INITIAL_DATA
        while loop.time() < deadline:
            if all(runtime.db.get(n).quality is not waiting for n in names):
                break
            await asyncio.sleep(0.05)
        all_good = True
        for name in names:
            tag, sample = project.tags[name], runtime.db.get(name)
            all_good &= sample.quality.is_good
            record = {
                "name": name,
                "value": sample.value,
                "unit": tag.unit,
                "quality": sample.quality.label,
                "source_time": datetime.fromtimestamp(sample.source_time, UTC).isoformat(),
            }
            if sample.reason:
                record["reason"] = sample.reason
            print(json.dumps(record, ensure_ascii=False), file=out)
        return 0 if all_good else 1
    finally:
        await runtime.stop()


async def write(
    project_path: Path,
    data_dir: Path,
    name: str,
    value: str,
    user_name: str,
    password: str,
    reason: str,
    out: TextIO,
    timeout: float = 10.0,
    *,
    field: Field = Field.AUTO,
    note: TextIO | None = None,
    store: StoreUrl | None = None,
) -> int:
    """An audited write through the one write path; prints the read-back result.

    ``field`` and ``note`` as for ``read``: the write goes where the "field: ..." line says."""
    from tags.runtime import Runtime

    project = load_or_report(project_path, out)
    if project is None:
        return 1
    choice = await _field(project, field, out)
    if choice is None:
        return 1
    runtime = Runtime(choice.project, data_dir, private_field=True, store=store)
    try:
        user: User = runtime.authenticate(user_name, password, workstation="command line")
    except AuthError as exc:
        print(text("cli.refused", why=exc), file=out)
        await runtime.stop()
        return 1
    if not await _start(runtime, choice, out, note):
        return 1
    try:
        if name in project.tags:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + timeout
            while runtime.db.get(name).quality is Quality.BAD_WAITING_FOR_INITIAL_DATA:
                if loop.time() > deadline:
                    break
                await asyncio.sleep(0.05)
        result = await runtime.writes.write(
            name, value, user=user, reason=reason, workstation="command line"
        )
        record = {
            "name": name,
            "status": result.status.value,
            "reason": result.reason,
            "old": result.old,
            "requested": result.requested,
            "readback": result.readback,
            "unit": project.tags[name].unit if name in project.tags else "",
            "latency_ms": None if result.latency_ms is None else round(result.latency_ms, 1),
        }
        print(json.dumps(record, ensure_ascii=False), file=out)
        if result.status is WriteStatus.UNCONFIRMED:
            print(unconfirmed_message(name, result.reason), file=note or sys.stderr)
            return UNCONFIRMED_EXIT
        return 0 if result.ok else 1
    finally:
        await runtime.stop()


UNCONFIRMED_EXIT = 3
"""Exit code of a write that was sent but not confirmed: its outcome is unknown."""


def unconfirmed_message(name: str, reason: str) -> str:
    """What ``write`` says on stderr when the outcome of a sent write is unknown."""
    return text("cli.write.unconfirmed", tag=name, reason=reason)


async def _field(project: Project, field: Field, out: TextIO) -> FieldChoice | None:
    """Where the project's field is, or None after saying in one line why it cannot be."""
    try:
        return await choose_field(project, field)
    except FieldUnavailable as exc:
        print(exc, file=out)
        return None


async def _start(runtime: Runtime, choice: FieldChoice, out: TextIO, note: TextIO | None) -> bool:
    """Start the runtime and say which field it reads; False (stopped) after saying why not."""
    try:
        await runtime.start()
    except Exception as exc:  # the private simulator did not start: never another field
        await runtime.stop()
        print(text("cli.field.not_started", why=exc), file=out)
        return False
    print(choice.line, file=note or sys.stderr, flush=True)
    return True


def sim(
    project_path: Path,
    out: TextIO,
    *,
    speed: float | None = None,
    seed: int | None = None,
    scenarios: Sequence[str] = (),
    list_only: bool = False,
) -> int:
    """``python main.py sim``: serve the project's plants until Ctrl+C/SIGTERM, or list upsets."""
    from tags.simulation import standalone

    if list_only:
        return standalone.list_scenarios(out)
    try:
        standalone.check_options(speed, seed, scenarios)
    except standalone.UsageError as exc:
        print(f"sim: {exc}", file=out)
        return 2
    project = load_or_report(project_path, out)
    if project is None:
        return 1
    return asyncio.run(standalone.serve(project, out, speed=speed, seed=seed, scenarios=scenarios))
