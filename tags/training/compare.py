"""Two debriefs of the same scenario plan side by side: per upset, who answered faster.

Upsets are matched by scenario and occurrence (the second start of a scenario with the
second); an upset only one session had (started live by its trainer) is listed with a gap
on the other side. Differences are B minus A: negative means session B was quicker, or its
process was outside its normal range for less time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from tags.training.debrief import Debrief, Response, UpsetDebrief
from tags.training.plan import plan_key


class DifferentPlans(ValueError):
    """The two sessions did not run the same scenario plan (the message shows both)."""


@dataclass(frozen=True)
class UpsetComparison:
    scenario: str
    occurrence: int
    a: UpsetDebrief | None
    b: UpsetDebrief | None

    @property
    def ack_diff(self) -> float | None:
        return _diff(_ack(self.a), _ack(self.b))

    @property
    def write_diff(self) -> float | None:
        return _diff(_write(self.a), _write(self.b))

    @property
    def outside_diff(self) -> float | None:
        return _diff(_outside(self.a), _outside(self.b))

    @property
    def alarms_diff(self) -> int | None:
        if self.a is None or self.b is None:
            return None
        return len(self.b.alarms) - len(self.a.alarms)


@dataclass(frozen=True)
class Comparison:
    a: Debrief
    b: Debrief
    upsets: tuple[UpsetComparison, ...]

    def overall(self) -> list[tuple[str, float | None, float | None, float | None]]:
        """(figure, A, B, B - A) of the sessions' overall figures."""
        a, b = self.a.overall, self.b.overall
        rows: list[tuple[str, float | None, float | None]] = [
            ("mean time to acknowledge (s)", a.mean_ack_s, b.mean_ack_s),
            ("slowest acknowledgement (s)", a.worst_ack_s, b.worst_ack_s),
            ("mean time to the first write (s)", a.mean_write_s, b.mean_write_s),
            ("outside the normal range (s)", a.outside_s, b.outside_s),
            ("alarms raised", a.alarms_raised, b.alarms_raised),
            ("acknowledgements", a.acknowledgements, b.acknowledgements),
            ("writes accepted", a.writes_accepted, b.writes_accepted),
            ("writes refused", a.writes_refused, b.writes_refused),
            ("upsets not acknowledged", a.upsets_unacknowledged, b.upsets_unacknowledged),
            ("screen visits", a.screen_visits, b.screen_visits),
        ]
        return [(label, x, y, _diff(x, y)) for label, x, y in rows]

    def lines(self) -> list[str]:
        """The comparison as the command line prints it."""
        out = [f"A: {_who(self.a)}", f"B: {_who(self.b)}", f"plan: {self.a.session.plan_text}"]
        head = (
            f"{'upset':<24} {'ack A':>7} {'ack B':>7} {'diff':>7}  {'write A':>7} {'write B':>7} "
            f"{'diff':>7}  {'out A':>7} {'out B':>7} {'diff':>7}  {'alarms A/B':>10}"
        )
        out.append(head)
        for u in self.upsets:
            name = u.scenario if u.occurrence == 1 else f"{u.scenario} #{u.occurrence}"
            alarms = "/".join("-" if d is None else str(len(d.alarms)) for d in (u.a, u.b))
            out.append(
                f"{name:<24} {_s(_ack(u.a))} {_s(_ack(u.b))} {_s(u.ack_diff, True)}  "
                f"{_s(_write(u.a))} {_s(_write(u.b))} {_s(u.write_diff, True)}  "
                f"{_s(_outside(u.a))} {_s(_outside(u.b))} {_s(u.outside_diff, True)}  "
                f"{alarms:>10}"
            )
        out.append("overall (B - A):")
        for label, x, y, d in self.overall():
            out.append(f"  {label:<34} {_n(x):>8} {_n(y):>8} {_n(d, True):>8}")
        return out


def compare(a: Debrief, b: Debrief, *, same_plan: bool = True) -> Comparison:
    """Set two debriefs side by side (DifferentPlans unless they ran the same plan, when
    ``same_plan`` asks for it)."""
    if same_plan and plan_key(a.session.plan) != plan_key(b.session.plan):
        raise DifferentPlans(
            f"sessions {a.session.id} and {b.session.id} ran different scenario plans "
            f"({a.session.plan_text} / {b.session.plan_text})"
        )
    left, right = _numbered(a.upsets), _numbered(b.upsets)
    keys = list(dict.fromkeys([*left, *right]))
    rows = tuple(UpsetComparison(k[0], k[1], left.get(k), right.get(k)) for k in keys)
    return Comparison(a, b, rows)


def _numbered(upsets: Sequence[UpsetDebrief]) -> dict[tuple[str, int], UpsetDebrief]:
    seen: dict[str, int] = {}
    out: dict[tuple[str, int], UpsetDebrief] = {}
    for upset in upsets:
        seen[upset.scenario] = seen.get(upset.scenario, 0) + 1
        out[(upset.scenario, seen[upset.scenario])] = upset
    return out


def _seconds(response: Response | None) -> float | None:
    return None if response is None else response.seconds


def _ack(u: UpsetDebrief | None) -> float | None:
    return None if u is None else _seconds(u.first_ack)


def _write(u: UpsetDebrief | None) -> float | None:
    return None if u is None else _seconds(u.first_write)


def _outside(u: UpsetDebrief | None) -> float | None:
    return None if u is None else u.outside_s


def _diff(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else b - a


def _s(value: float | None, signed: bool = False) -> str:
    if value is None:
        return f"{'-':>7}"
    return f"{value:+6.1f}s" if signed else f"{value:6.1f}s"


def _n(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "-"
    if float(value).is_integer():
        return f"{value:+.0f}" if signed else f"{value:.0f}"
    return f"{value:+.1f}" if signed else f"{value:.1f}"


def _who(d: Debrief) -> str:
    s = d.session
    when = datetime.fromtimestamp(s.start).strftime("%Y-%m-%d %H:%M")
    return f"session {s.id} {s.title!r}, trainee {s.trainee}, {when}, from {s.start_state}"
