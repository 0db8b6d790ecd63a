"""The field simulator's OPC UA server: the EMM cell house and the sCO2 loop as a DCS serves them.

The address space is opcua_namespace.py's (one namespace per area, Objects/Area/Unit/Point,
typed variables with EngineeringUnits and access levels). ``publish`` writes only the values
(or status codes) that changed since the point was last written, each point at its update
period (opcua_namespace.py: 0.25 s, the cell voltages and temperatures 1 s), so subscribers
get exactly the changes. Each write costs asyncua ~60 µs per subscribed item (it deep-copies
the value), which is why the rate is not simply the model's 10 Hz.

Sensor faults keep the model's reading and carry its status code (UncertainSensorNotAccurate
for a frozen transmitter, BadSensorFailure for a failed one; a Bad value is sent as null, as
the specification asks).

Client writes of a Value attribute of a served variable go to ``PlantSimulator.write`` before
anything is stored: a read-only point answers BadNotWritable, a value of another type
BadTypeMismatch, one outside the model's limits BadOutOfRange, and one the model refuses in
its present state (an SP while the controller is in MAN, ...) BadInvalidState; the variable
keeps the model's value. An accepted write is published at once, so the read-back is quick.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from typing import Any, cast

from asyncua import ua
from asyncua.common.node import Node
from asyncua.crypto.permission_rules import User, UserRole
from asyncua.server.address_space import AttributeService
from asyncua.server.server import Server
from asyncua.ua.attribute_ids import AttributeIds
from asyncua.ua.object_ids import ObjectIds
from asyncua.ua.status_codes import StatusCodes

from tags.model import Quality
from tags.shutdown import cancel_and_wait
from tags.simulation.opcua_namespace import EU_NAMESPACE, NAMESPACES, UaPoint, ua_points, unit_id
from tags.simulation.plant import PointValue
from tags.simulation.simulator import PlantSimulator

log = logging.getLogger(__name__)

APPLICATION_URI = "urn:operator-console:field-simulator"
_CASTS = {"float": float, "int": int, "bool": bool}
_ADMIN = User(role=UserRole.Admin)


class _WriteGate(AttributeService):
    """The attribute service with the simulator's say over writes to served variables."""

    def __init__(self, original: AttributeService, dcs: OpcUaDcs) -> None:
        super().__init__(original._aspace)
        self._dcs = dcs

    async def write(self, params: ua.WriteParameters, user: User = _ADMIN) -> list[ua.StatusCode]:
        results: list[ua.StatusCode] = []
        for item in params.NodesToWrite:
            code = None
            if item.AttributeId == AttributeIds.Value:
                code = await self._dcs.client_write(item.NodeId, item.Value)
            if code is None:  # not a served variable: the standard behaviour
                single = ua.WriteParameters(NodesToWrite=[item])
                code = (await super().write(single, user))[0]
            results.append(code)
        return results


class OpcUaDcs:
    """One OPC UA server for every model that opcua_namespace.py gives a namespace."""

    def __init__(
        self,
        simulator: PlantSimulator,
        host: str,
        port: int,
        *,
        idle_timeout: float = 30.0,
        max_clients: int = 1000,
    ) -> None:
        """``idle_timeout``: seconds a connection may go without activating a session;
        ``max_clients``: connections accepted at once (asyncua's defaults: 30 s, 1000)."""
        self.host = host
        self.port = port
        self.idle_timeout = idle_timeout
        self.max_clients = max_clients
        self.accepted_writes = 0
        self.refused_writes = 0
        self._sim = simulator
        self._points: dict[str, list[UaPoint]] = {
            model: ua_points(model, simulator.points(model))
            for model in simulator.model_names()
            if model in NAMESPACES
        }
        self._node_ids: dict[UaPoint, ua.NodeId] = {}
        self._by_node: dict[ua.NodeId, UaPoint] = {}
        self._vtypes: dict[UaPoint, ua.VariantType] = {}
        self._last: dict[UaPoint, tuple[Any, int]] = {}
        self._groups: dict[float, list[UaPoint]] = {}
        for point in self.points:
            self._groups.setdefault(point.update_period, []).append(point)
        self._due: dict[float, float] = {}
        self._server: Server | None = None

    @property
    def url(self) -> str:
        return f"opc.tcp://{self.host}:{self.port}/"

    @property
    def points(self) -> Sequence[UaPoint]:
        return [p for points in self._points.values() for p in points]

    async def start(self) -> None:
        """Build the address space and listen (``port`` must be a real port: see field_server)."""
        self._last.clear()
        self._due.clear()
        server_log = logging.getLogger("asyncua.server")
        if server_log.level == logging.NOTSET:  # it logs every publish request at INFO
            server_log.setLevel(logging.WARNING)
        server = Server()
        await server.init()
        server.iserver.max_pending_activation_seconds = self.idle_timeout
        server.iserver.max_connections = self.max_clients
        server.set_endpoint(self.url)
        server.set_server_name("Operator console field simulator (DCS)")
        await server.set_application_uri(APPLICATION_URI)
        server.set_security_policy([ua.SecurityPolicyType.NoSecurity])
        server.set_identity_tokens([ua.AnonymousIdentityToken])  # no passwords over None
        for model in self._points:
            namespace = NAMESPACES[model]
            index = await server.register_namespace(namespace.uri)
            if index != namespace.index:
                raise RuntimeError(
                    f"namespace {namespace.uri} got index {index}, not {namespace.index}"
                )
        await self._build(server)
        server.iserver.attribute_service = _WriteGate(server.iserver.attribute_service, self)
        self._server = server
        await self.publish()
        await server.start()

    async def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        clock = getattr(server.iserver, "time_task", None)  # asyncua would wait up to 1 s for it
        if isinstance(clock, asyncio.Task):
            await cancel_and_wait(clock)
            server.iserver.time_task = None
        await server.stop()

    async def _build(self, server: Server) -> None:
        folders: dict[str, Node] = {}
        for point in self.points:
            index = point.namespace.index
            parent = server.nodes.objects
            for depth in range(1, len(point.path)):
                key = ".".join(point.path[:depth])
                if key not in folders:
                    folder_id = ua.NodeId.from_string(f"ns={index};s={key}")
                    name = ua.QualifiedName(point.path[depth - 1], index)
                    folders[key] = await parent.add_object(folder_id, name)
                parent = folders[key]
            await self._add_variable(parent, point)

    async def _add_variable(self, parent: Node, point: UaPoint) -> None:
        index = point.namespace.index
        node_id = ua.NodeId.from_string(point.node_id)
        vtype = getattr(ua.VariantType, point.variant_type)
        initial = _CASTS[point.info.kind](self._sim.values(point.model)[point.point])
        variable = await parent.add_variable(
            node_id, ua.QualifiedName(point.path[-1], index), ua.Variant(initial, vtype)
        )
        if point.info.writable:
            await variable.set_writable()
        if point.info.description:
            text = ua.LocalizedText(point.info.description)
            await variable.write_attribute(
                AttributeIds.Description,
                ua.DataValue(ua.Variant(text, ua.VariantType.LocalizedText)),
            )
        if point.info.unit:
            info = ua.EUInformation(
                NamespaceUri=EU_NAMESPACE,
                UnitId=unit_id(point.info.unit),
                DisplayName=ua.LocalizedText(point.info.unit),
                Description=ua.LocalizedText(point.info.unit),
            )
            await variable.add_property(
                ua.NodeId.from_string(f"{point.node_id}.EngineeringUnits"),
                ua.QualifiedName("EngineeringUnits", 0),
                ua.Variant(info, ua.VariantType.ExtensionObject),
                datatype=ua.NodeId(ua.Int32(ObjectIds.EUInformation)),
            )
        self._node_ids[point] = node_id
        self._by_node[node_id] = point
        self._vtypes[point] = vtype

    async def publish(self, now: float | None = None) -> int:
        """Write the values and status codes that changed; returns how many were written.

        ``now`` (loop time) limits it to the points whose update period is due; None: all.
        """
        if now is None:
            points: Sequence[UaPoint] = self.points
        else:
            points = []
            for period, group in self._groups.items():
                due = self._due.get(period, 0.0)
                if now >= due:
                    points.extend(group)
                    self._due[period] = max(due + period, now)
        return await self._write_changed(points)

    async def _write_changed(self, points: Sequence[UaPoint]) -> int:
        server = self._server
        if server is None:
            return 0
        aspace = server.iserver.aspace
        stamp = cast(ua.DateTime, dt.datetime.now(dt.UTC))  # a datetime is what it needs
        values: dict[str, Mapping[str, PointValue]] = {}
        faults: dict[str, Mapping[str, tuple[Quality, str]]] = {}
        written = 0
        for point in points:
            model = point.model
            if model not in values:
                values[model] = self._sim.values(model)
                faults[model] = self._sim.faults(model)
            value = values[model][point.point]
            fault = faults[model].get(point.point)
            code = int(fault[0]) if fault is not None else 0
            if self._last.get(point) == (value, code):
                continue
            self._last[point] = (value, code)
            variant = ua.Variant(_CASTS[point.info.kind](value), self._vtypes[point])
            data = ua.DataValue(
                variant,
                StatusCode=ua.StatusCode(ua.UInt32(code)),
                SourceTimestamp=stamp,
                ServerTimestamp=stamp,
            )
            await aspace.write_attribute_value(self._node_ids[point], AttributeIds.Value, data)
            written += 1
        return written

    async def client_write(self, node_id: ua.NodeId, data: ua.DataValue) -> ua.StatusCode | None:
        """A client's write to a variable: the model decides (None: not a served variable)."""
        point = self._by_node.get(node_id)
        if point is None:
            return None
        variant = data.Value
        if not point.info.writable:
            return self._refuse(point, StatusCodes.BadNotWritable, "read-only")
        if variant is None or variant.VariantType != self._vtypes[point]:
            got = "no value" if variant is None else variant.VariantType.name
            return self._refuse(
                point, StatusCodes.BadTypeMismatch, f"{got}, not {point.variant_type}"
            )
        value: PointValue = variant.Value
        try:
            self._sim.write(point.model, point.point, value)
        except (KeyError, ValueError) as exc:
            why = str(exc).strip("'\"")
            code = StatusCodes.BadOutOfRange if " outside " in why else StatusCodes.BadInvalidState
            if " takes " in why:
                code = StatusCodes.BadTypeMismatch
            return self._refuse(point, code, why)
        self.accepted_writes += 1
        await self.publish()
        return ua.StatusCode(ua.UInt32(StatusCodes.Good))

    def _refuse(self, point: UaPoint, code: int, why: str) -> ua.StatusCode:
        self.refused_writes += 1
        log.info(
            "%s: write refused (%s): %s", point.node_id, ua.StatusCode(ua.UInt32(code)).name, why
        )
        return ua.StatusCode(ua.UInt32(code))
