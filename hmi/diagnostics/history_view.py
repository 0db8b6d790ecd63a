"""The historian's state on the diagnostics screen, refreshed once a second: recording and
how fast, or that the history is behind (samples waiting for the store, since when, why),
or that nothing is recorded and why. Grey while all is well; a coloured mark only when not."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from hmi.diagnostics.state_line import StateLine
from tags.history.historian import Historian
from tags.history.spool import Behind


def behind_text(behind: Behind) -> str:
    """'History: 11 s behind (12 samples waiting): store unreachable: ...', translated."""

    if behind.disk_bytes:
        waiting = QCoreApplication.translate(
            "HistoryStateView", "{samples} samples waiting, {megabytes} MB on disk"
        ).format(samples=behind.samples, megabytes=f"{behind.disk_bytes / 1e6:.1f}")
    else:
        waiting = QCoreApplication.translate(
            "HistoryStateView", "{samples} samples waiting"
        ).format(samples=behind.samples)
    text = QCoreApplication.translate(
        "HistoryStateView", "History: {seconds} s behind ({waiting})"
    ).format(seconds=f"{behind.seconds:.0f}", waiting=waiting)
    if behind.dropped:
        text += QCoreApplication.translate("HistoryStateView", ", {dropped} samples lost").format(
            dropped=behind.dropped
        )
    return f"{text}: {behind.reason}" if behind.reason else text


def history_state(historian: Historian | None) -> tuple[str, str]:
    """(state, one line for the operator): state is ok, behind, failed or off."""
    if historian is None:
        return "off", QCoreApplication.translate(
            "HistoryStateView",
            "History: not recorded on this console (replay, no history, or the control "
            "room's server records it)",
        )
    behind = historian.behind
    stats = historian.stats
    if behind is not None:
        return "behind", behind_text(behind)
    if not historian.recording:
        problem = historian.problem or QCoreApplication.translate(
            "HistoryStateView", "no tags to record"
        )
        return "failed", QCoreApplication.translate(
            "HistoryStateView", "History: nothing is recorded: {problem}"
        ).format(problem=problem)
    line = QCoreApplication.translate(
        "HistoryStateView",
        "History: recording; {stored} samples stored in {transactions} transactions, "
        "last {last} ms (max {max} ms)",
    ).format(
        stored=stats.stored,
        transactions=stats.transactions,
        last=f"{stats.last_flush_ms:.0f}",
        max=f"{stats.max_flush_ms:.0f}",
    )
    if stats.dropped:
        lost = QCoreApplication.translate(
            "HistoryStateView", "{dropped} samples lost while the store was away"
        ).format(dropped=stats.dropped)
        return "failed", f"{line}; {lost}"
    if historian.problem:
        return "failed", f"{line}; {historian.problem}"
    return "ok", line


class HistoryStateView(StateLine):
    """One line: the historian's state (``source()`` gives the historian, or None)."""

    def __init__(
        self, source: Callable[[], Historian | None], parent: QWidget | None = None
    ) -> None:
        super().__init__(lambda: history_state(source()), "historyState", parent)
