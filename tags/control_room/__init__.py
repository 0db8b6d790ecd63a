"""A control room: one server between the field and many consoles, over an MQTT broker.

The server publishes the plant's values in the Sparkplug B namespace (``sparkplug.py``) and
its alarm states, connection states, KPIs and training state under a topic tree of its own
(``topics.py``, payloads in ``messages.py``); consoles send operator actions as MQTT 5
requests (response topic and correlation data) and get answers. No Qt here.
"""
