"""The field simulator's scenario titles as the console shows them, in its language: the
scenario's own Chinese title (``ScenarioInfo.title_zh``) when the title given is the
simulator's, in either language (an upset recorded in the other one switches too). A title
of a scenario this simulator does not know, or one renamed since, is shown as given."""

from __future__ import annotations

from tags.simulation.scenarios import SCENARIOS, ScenarioInfo

_BY_NAME: dict[str, ScenarioInfo] = {s.info.name: s.info for s in SCENARIOS}


def scenario_title(name: str, title: str) -> str:
    """Scenario ``name``'s title in the console's language (``title`` when this simulator
    does not know the scenario, or its title has changed since)."""
    info = _BY_NAME.get(name)
    if info is None or title not in (info.title, info.title_zh):
        return title
    return info.shown_title
