"""The simulated sources of forced tags: signal generators and the plant models.

A source is given as text and kept so in the force (and its store):

    sim://signal/sine?low=0&high=80&period=60   a generator (tags/simulation/signals.py)
    sim://cwp/DMC.DENS.PV                       a point of a plant model
    model                                       the plant model's value for the tag itself
                                                (tags/forcing/model_points.py)

``check_source`` says whether a source can feed a tag (the address parser's and the signal
parser's own messages when not); ``SimulatedSources`` gives the current value of every tag on
a source. A plant model runs here only while some tag is on it (one simulator per model,
started at its steady state, advanced by the clock's monotonic time), beside whatever reads
the field for the other tags.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tags.address import AddressError, SimAddress, parse_address
from tags.clock import Clock
from tags.forcing.model_points import ModelPoint, model_point
from tags.i18n.catalogue import text
from tags.model import DataType, TagDef
from tags.simulation.signals import Signal, SignalError, make_signal

if TYPE_CHECKING:  # the models (numpy) load when a tag is first put on one
    from tags.simulation.simulator import PlantSimulator

MODEL = "model"
"""The source that is the plant model's value for the tag itself."""

SourceValue = bool | int | float


class SourceError(ValueError):
    """A source that cannot feed a tag; the message says why."""


@dataclass(frozen=True)
class Feed:
    """Where a tag's simulated values come from: a generator or a model point."""

    signal: Signal | None = None
    point: ModelPoint | None = None


def check_source(tag: TagDef, source: str) -> Feed:
    """What feeds ``tag`` from ``source`` (text as given), or SourceError saying why it
    cannot: a bad address or signal (their parsers' messages), a model without the tag's
    value, a text tag (sources give numbers)."""
    source = source.strip()
    if tag.data_type is DataType.STRING:
        raise SourceError(text("force.text_tag", tag=tag.name))
    if source == MODEL:
        point = model_point(tag.address)
        if point is None:
            raise SourceError(text("force.model_has_no_value", tag=tag.name, source=tag.source))
        return Feed(point=point)
    try:
        address = parse_address(source)
    except AddressError as exc:
        raise SourceError(text("force.source", why=exc)) from None
    if not isinstance(address, SimAddress):
        raise SourceError(text("force.source_kind", source=source, model=MODEL))
    if address.model == "signal":
        try:
            return Feed(signal=make_signal(address.point, dict(address.params)))
        except SignalError as exc:
            raise SourceError(text("force.source_bad", source=source, why=exc)) from None
    point = model_point(address)
    if point is None:
        raise SourceError(text("force.source_unknown", source=source))
    return Feed(point=point)


class SimulatedSources:
    """The feeds of the simulated tags on ``clock``; plant models run while a tag is on them
    (``seed`` and ``step``: the project's simulator settings)."""

    def __init__(self, clock: Clock, *, seed: int = 1, step: float = 0.1) -> None:
        self.clock = clock
        self.seed = seed
        self.step = step
        self._feeds: dict[str, tuple[TagDef, Feed]] = {}
        self._plants: dict[str, PlantSimulator] = {}
        self._last = clock.monotonic()

    def names(self) -> list[str]:
        """The tags fed here."""
        return list(self._feeds)

    def running_models(self) -> list[str]:
        """The plant models running now (those some tag is on)."""
        return sorted(self._plants)

    def add(self, tag: TagDef, source: str) -> None:
        """Feed ``tag`` from ``source`` (SourceError when it cannot)."""
        feed = check_source(tag, source)
        if feed.point is not None and feed.point[0] not in self._plants:
            self._start(feed.point[0])
        self._feeds[tag.name] = (tag, feed)

    def remove(self, name: str) -> None:
        """Stop feeding ``name``; a model no tag is on any more stops."""
        self._feeds.pop(name, None)
        used = {feed.point[0] for _, feed in self._feeds.values() if feed.point is not None}
        for model in [m for m in self._plants if m not in used]:
            del self._plants[model]

    def advance(self) -> None:
        """Run the plant models up to the clock's time."""
        now = self.clock.monotonic()
        seconds, self._last = max(now - self._last, 0.0), now
        for plant in self._plants.values():
            plant.advance(seconds)

    def value(self, name: str) -> SourceValue:
        """The current value of a tag fed here, in its data type (KeyError: not fed)."""
        tag, feed = self._feeds[name]
        if feed.signal is not None:
            raw: SourceValue = feed.signal.value(self.clock.now())
        else:
            assert feed.point is not None
            model, point = feed.point
            raw = self._plants[model].values(model)[point]
        return typed(tag, raw)

    def _start(self, model: str) -> None:
        from tags.simulation.simulator import PlantSimulator

        if not self._plants:
            self._last = self.clock.monotonic()
        plant = PlantSimulator(seed=self.seed, step=self.step, models=[model])
        plant.warm_up()
        self._plants[model] = plant


def typed(tag: TagDef, value: SourceValue) -> SourceValue:
    """A source's value in the tag's data type (a bool tag is on above one half)."""
    if tag.data_type is DataType.BOOL:
        return bool(value >= 0.5) if not isinstance(value, bool) else value
    if tag.data_type is DataType.INT:
        return round(value)
    return float(value)
