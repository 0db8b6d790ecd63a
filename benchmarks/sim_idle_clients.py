"""Silent clients against the field simulator's Modbus PLC: how many stay open, and the poller.

The plc-cwp endpoint of the simulator, on a free loopback port, with a short idle timeout.
Opens N raw TCP connections that never send a byte (half-open sockets as a crashed client
leaves them) while one pymodbus client polls, then waits twice the idle timeout. Prints JSON
lines {"name", "value", "unit"}:

- silent_open_after_connect: silent connections the server still holds once all are made
  (at most max_clients)
- silent_open_after_timeout: silent connections still open after 2 x the idle timeout
  (target 0)
- server_clients_after_timeout: connections the server holds then (target 1: the poller)
- poller_failed_requests: poll requests that failed meanwhile (target 0)

Run: python3 benchmarks/sim_idle_clients.py [--sockets 5000] [--idle-timeout 2]
"""

from __future__ import annotations

import argparse
import asyncio
import logging

from _common import emit  # also puts the repository root on sys.path
from pymodbus.client import AsyncModbusTcpClient

from tags.simulation.modbus_plc import ModbusPlc
from tags.simulation.modbus_server import MAX_CLIENTS
from tags.simulation.register_map import PLCS
from tags.simulation.simulator import PlantSimulator


async def _poll(port: int, failures: list[int], stop: asyncio.Event) -> None:
    client = AsyncModbusTcpClient("127.0.0.1", port=port, timeout=2, retries=0)
    await client.connect()
    try:
        while not stop.is_set():
            try:
                response = await client.read_input_registers(0, count=2, device_id=1)
                if response.isError():
                    failures[0] += 1
            except Exception:
                failures[0] += 1
            await asyncio.sleep(0.1)
    finally:
        client.close()


async def main(sockets: int, idle_timeout: float) -> None:
    logging.disable(logging.INFO)
    plc_cwp = next(p for p in PLCS if p.connection == "plc-cwp")
    plc = ModbusPlc(
        plc_cwp, PlantSimulator(models=("cwp",)), "127.0.0.1", 0, idle_timeout=idle_timeout
    )
    await plc.start()
    failures = [0]
    stop = asyncio.Event()
    poller = asyncio.create_task(_poll(plc.port, failures, stop))
    streams: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
    try:
        for _ in range(sockets):
            streams.append(await asyncio.open_connection("127.0.0.1", plc.port))
        await asyncio.sleep(0.2)  # let the last connections reach the server

        def still_open() -> int:
            return sum(not reader.at_eof() for reader, _ in streams)

        emit(
            "silent_open_after_connect",
            still_open(),
            "connections",
            sockets=sockets,
            max_clients=MAX_CLIENTS,
        )
        await asyncio.sleep(2 * idle_timeout)
        emit("silent_open_after_timeout", still_open(), "connections", idle_timeout_s=idle_timeout)
        emit("server_clients_after_timeout", plc.clients, "connections")
        emit("poller_failed_requests", failures[0], "requests")
    finally:
        stop.set()
        await poller
        for _, writer in streams:
            writer.close()
        await plc.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sockets", type=int, default=5000)
    parser.add_argument("--idle-timeout", type=float, default=2.0)
    options = parser.parse_args()
    asyncio.run(main(options.sockets, options.idle_timeout))
