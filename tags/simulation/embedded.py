"""The field server inside the console: on its own event loop in a daemon thread.

The console's loop (the Qt loop) never runs plant models and never builds the OPC UA address
space (about 1.5 s): that happens on the field server's thread while the console stays
responsive (unmarshalling asyncua's standard nodes still holds the GIL for up to ~0.2 s at a
time during start-up). The CO2 property tables, on a machine that has not cached them yet, are
computed by a child process, because importing CoolProp holds the GIL for seconds. Everything
that touches the simulator runs on that thread too (``call``), so no locks are needed.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Coroutine, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from tags.config.project import Project, SimulatorSettings

if TYPE_CHECKING:  # imported on the server thread: asyncua alone takes half a second
    from tags.simulation.field_server import Address, FieldServer, ServedEndpoint
    from tags.simulation.scenarios import ScenarioInfo
    from tags.simulation.simulator import PlantSnapshot

T = TypeVar("T")


class EmbeddedFieldServer:
    """A FieldServer hosted on a thread of its own; its methods are awaited from any loop."""

    def __init__(
        self,
        settings: SimulatorSettings,
        listen: dict[str, Address] | None = None,
        *,
        schedule: Iterable[tuple[str, float]] = (),
    ) -> None:
        self.settings = settings
        self._listen = listen
        self._schedule = list(schedule)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: FieldServer | None = None

    @property
    def server(self) -> FieldServer:
        if self._server is None:
            raise RuntimeError("the field server is not running")
        return self._server

    async def start(self) -> None:
        """Start the thread, build and warm up the plant there, listen; return when serving."""
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="field-server", daemon=True)
        thread.start()
        self._loop, self._thread = loop, thread
        try:
            self._server = await self._on_loop(self._create())
        except BaseException:
            await self._close_loop()
            raise

    async def _create(self) -> FieldServer:
        from tags.simulation.field_server import FieldServer, listen_addresses
        from tags.simulation.simulator import PlantSimulator

        await asyncio.to_thread(_prepare_co2_tables)
        s = self.settings
        simulator = PlantSimulator(seed=s.seed, step=s.step)
        simulator.warm_up()
        listen = self._listen or listen_addresses({}, free_ports=True)
        server = FieldServer(
            simulator,
            listen,
            speed=s.speed,
            schedule=self._schedule,
            idle_timeout=s.client_idle_timeout,
            max_clients=s.max_clients,
        )
        await server.start()
        return server

    async def stop(self) -> None:
        """Close every endpoint and end the thread (safe to call twice)."""
        if self._loop is None:
            return
        server, self._server = self._server, None
        if server is not None:
            await self._on_loop(server.stop())
        await self._close_loop()

    async def _close_loop(self) -> None:
        loop, thread = self._loop, self._thread
        self._loop = self._thread = None
        if loop is None or thread is None:
            return
        await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(_cancel_others(), loop))
        loop.call_soon_threadsafe(loop.stop)
        await asyncio.to_thread(thread.join, 10.0)
        if not thread.is_alive():
            loop.close()

    def _on_loop(self, coro: Coroutine[Any, Any, T]) -> asyncio.Future[T]:
        if self._loop is None:
            coro.close()
            raise RuntimeError("the field server is not running")
        return asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coro, self._loop))

    async def call(self, function: Callable[..., T], *args: Any) -> T:
        """Run ``function(*args)`` on the field server's thread (e.g. read model values)."""

        async def run() -> T:
            return function(*args)

        return await self._on_loop(run())

    # -- what the console (and a trainer) asks of it -------------------------------------------

    @property
    def endpoints(self) -> list[ServedEndpoint]:
        return self.server.endpoints

    def served_connections(self, project: Project) -> Project:
        """The project with its served connections pointed at the ports actually bound."""
        from tags.simulation.field_server import served_connections

        connections = served_connections(project.connections, self.server.bound())
        return dataclasses.replace(project, connections=connections)

    async def scenarios(self) -> list[ScenarioInfo]:
        return await self.call(self.server.scenarios)

    async def active_scenarios(self) -> list[str]:
        return await self.call(self.server.active_scenarios)

    async def start_scenario(self, name: str) -> None:
        await self.call(self.server.start_scenario, name)

    async def stop_scenario(self, name: str) -> None:
        await self.call(self.server.stop_scenario, name)

    async def set_speed(self, speed: float) -> None:
        await self.call(self.server.set_speed, speed)

    async def values(self, model: str) -> dict[str, bool | int | float]:
        """A copy of a model's current values, taken on the server thread."""
        return await self.call(lambda: dict(self.server.simulator.values(model)))

    async def snapshot(self) -> PlantSnapshot:
        """The state of every plant model now (PlantSimulator.snapshot)."""
        return await self.call(self.server.simulator.snapshot)

    async def restore(self, snapshot: PlantSnapshot) -> None:
        """Put the plant back in a snapshot's state (SnapshotMismatch if it does not fit)."""
        await self.call(self.server.simulator.restore, snapshot)

    async def steady_state(self) -> None:
        """Put the plant in the steady state it started in; upsets end."""
        simulator = self.server.simulator
        await self.call(lambda: simulator.restore(simulator.steady_snapshot()))


def _prepare_co2_tables() -> None:
    """Compute the CO2 property tables in a child process when they are not cached yet.

    Importing CoolProp holds the GIL for seconds (once per machine: the tables are cached),
    which would stop the console's thread as well; a child process stops nobody. If it
    fails, the models build the tables themselves, as before.
    """
    from tags.simulation.co2_properties import cache_file

    path = cache_file()
    if path is None or path.exists():
        return
    root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    code = "from tags.simulation.co2_properties import tables; tables()"
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, timeout=300)


async def _cancel_others() -> None:
    current = asyncio.current_task()
    tasks = [t for t in asyncio.all_tasks() if t is not current]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
