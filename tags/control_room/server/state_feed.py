"""What the server's engine holds beside values and alarms, as the payloads of the state topics
(``state_messages``, ``force_messages``): connections, alarm KPIs (all areas and each), energy,
predictive warnings, instrument health, training, forced values. The server asks for them once a
second and publishes the ones that changed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tags.control_room import state_messages as sm
from tags.control_room.force_messages import FORCES, forces_to_json
from tags.model import Value
from tags.training.engine import TrainingSession, running_session

if TYPE_CHECKING:
    from tags.runtime import Runtime


class StateFeed:
    """The state payloads of one runtime, by state name."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def payloads(self) -> dict[str, bytes]:
        runtime = self.runtime
        analytics = runtime.analytics
        out = {
            sm.CONNECTIONS: sm.connections_to_json(runtime.connection_status()),
            sm.KPIS: sm.kpis_to_json(runtime.alarms.kpis()),
            sm.AREA_KPIS: sm.area_kpis_to_json(
                {area: runtime.alarms.kpis([area]) for area in runtime.project.areas}
            ),
            sm.TRAINING: sm.training_to_json(self.training()),
            FORCES: self.forces(),
        }
        if analytics is not None:
            out[sm.ENERGY] = sm.energy_to_json(analytics.energy.snapshot())
            out[sm.PREDICTIONS] = sm.predictions_to_json(analytics.predictor.warnings())
            out[sm.INSTRUMENT_HEALTH] = sm.health_to_json(analytics.health.issues())
        else:
            out[sm.ENERGY] = sm.energy_to_json(None)
            out[sm.PREDICTIONS] = sm.predictions_to_json([])
            out[sm.INSTRUMENT_HEALTH] = sm.health_to_json([])
        return out

    def forces(self) -> bytes:
        """The forces in effect with the field's values held aside (none in replay)."""
        table = self.runtime.forces
        if table is None:
            return forces_to_json([], lambda _name: None)
        db = table.db

        def held(name: str) -> Value:
            sample = db.held(name)
            return None if sample is None else sample.value

        return forces_to_json(table.forces(), held)

    def training(self) -> sm.TrainingState:
        session = running_session(self.runtime)
        view = None if session is None else session_view(session)
        can_train = self.runtime.field_server is not None
        return sm.TrainingState(self.runtime.mode, view, can_train)


def session_view(session: TrainingSession) -> sm.TrainingSessionView:
    info = session.info
    upsets = tuple(
        sm.UpsetView(u.scenario, u.title, u.area, u.source, u.planned_at, u.planned_stop,
                     u.started, u.stopped)
        for u in session.upsets()
    )  # fmt: skip
    scenarios = tuple(
        sm.ScenarioView(
            s.name,
            s.area,
            s.title,
            s.description,
            s.duration_s,
            s.expected,
            s.title_zh,
            s.description_zh,
            s.expected_zh,
        )
        for s in sorted(session.scenarios.values(), key=lambda s: s.name)
    )
    return sm.TrainingSessionView(
        id=info.id, title=info.title, trainer=info.trainer, trainee=info.trainee,
        start=info.start, time_factor=info.time_factor, start_state=info.start_state,
        upsets=upsets, scenarios=scenarios, name=info.name, project=info.project,
        plan=info.plan,
    )  # fmt: skip
