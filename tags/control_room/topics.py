"""The control room's topic tree: the Sparkplug B namespace for values, ``hmi/<group>/...``
for everything else a console needs.

=====================================  ====================================================
``spBv1.0/<group>/NBIRTH/<node>``      the server's birth (then DBIRTH per area, DDATA ...)
``hmi/<group>/server``                 the server's status, retained; its will says offline
``hmi/<group>/alarms/<alarm>``         one alarm's state, retained; empty when normal
``hmi/<group>/state/<what>``           connections, kpis, analytics, training; retained
``hmi/<group>/request/<workstation>``  a console's requests (the only topic it may publish)
``hmi/<group>/response/<workstation>`` the answers, by MQTT 5 correlation data
=====================================  ====================================================

``<group>`` is the Sparkplug group id (the project's name by default), ``<node>`` the server's
edge node id, each area a Sparkplug device.
"""

from __future__ import annotations

from dataclasses import dataclass

from tags.control_room.sparkplug import NAMESPACE, MessageType, Topic, valid_id

ROOT = "hmi"


def topic_part(text: str) -> str:
    """``text`` as one level of a topic (no separator or wildcard in it)."""
    return valid_id(text)


@dataclass(frozen=True)
class Topics:
    """Every topic of one control room (a group) served by one edge node."""

    group: str
    node: str = "server"

    def __post_init__(self) -> None:
        object.__setattr__(self, "group", valid_id(self.group))
        object.__setattr__(self, "node", valid_id(self.node))

    # Sparkplug B ---------------------------------------------------------------------------

    def sparkplug(self, kind: MessageType, device: str | None = None) -> str:
        return str(Topic(self.group, kind, self.node, None if device is None else valid_id(device)))

    @property
    def sparkplug_all(self) -> str:
        """Every Sparkplug message of the group (a console subscribes to this)."""
        return f"{NAMESPACE}/{self.group}/#"

    # the console's own tree ----------------------------------------------------------------

    @property
    def base(self) -> str:
        return f"{ROOT}/{self.group}"

    @property
    def server(self) -> str:
        return f"{self.base}/server"

    def alarm(self, name: str) -> str:
        return f"{self.base}/alarms/{topic_part(name)}"

    @property
    def alarms_all(self) -> str:
        return f"{self.base}/alarms/+"

    def state(self, what: str) -> str:
        return f"{self.base}/state/{topic_part(what)}"

    @property
    def state_all(self) -> str:
        return f"{self.base}/state/+"

    def request(self, workstation: str) -> str:
        return f"{self.base}/request/{topic_part(workstation)}"

    @property
    def requests_all(self) -> str:
        return f"{self.base}/request/+"

    def response(self, workstation: str) -> str:
        return f"{self.base}/response/{topic_part(workstation)}"

    def workstation_of(self, request_topic: str) -> str:
        """The workstation a request came from (the last level of its topic)."""
        return request_topic.rsplit("/", 1)[-1]
