"""Per-tag history settings in the tag list: deadband, maximum interval, not recorded."""

from __future__ import annotations

from pathlib import Path

from tags.config.project import HistorianSettings, load_project
from tags.history.filter import policies

PROJECT = """\
[project]
name = "History settings"
tag_files = ["tags.toml"]
[areas.TST]
[historian]
max_interval = 60
deadband_percent = 1
"""

TAGS = """\
[tags."TST.A.DEFAULT"]
source = "sim://signal/sine"
range = [0, 200]
[tags."TST.A.OWN"]
source = "sim://signal/sine"
range = [0, 200]
history = { deadband = 0.5, max_interval = 5 }
[tags."TST.A.SKIP"]
source = "sim://signal/sine"
history = { record = false }
"""


def test_tags_take_their_own_history_settings_or_the_project_defaults(tmp_path: Path) -> None:
    (tmp_path / "project.toml").write_text(PROJECT)
    (tmp_path / "tags.toml").write_text(TAGS)
    project = load_project(tmp_path / "project.toml")
    chosen = policies(project.tags.values(), project.historian)
    assert (chosen["TST.A.DEFAULT"].deadband, chosen["TST.A.DEFAULT"].max_interval) == (2.0, 60)
    assert (chosen["TST.A.OWN"].deadband, chosen["TST.A.OWN"].max_interval) == (0.5, 5)
    assert "TST.A.SKIP" not in chosen
    assert isinstance(project.historian, HistorianSettings)


def test_unknown_history_keys_are_refused(tmp_path: Path) -> None:
    from tags.config.project import check_project

    (tmp_path / "project.toml").write_text(PROJECT)
    (tmp_path / "tags.toml").write_text(TAGS.replace("max_interval = 5", "every = 5"))
    problems = [str(p) for p in check_project(tmp_path / "project.toml")]
    assert problems == [
        "tags.toml:7: tags.TST.A.OWN.history.every: unknown key "
        "(known: deadband, max_interval, record)"
    ]
