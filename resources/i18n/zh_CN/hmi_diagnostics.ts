<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>ConnectionsView</name>
    <message>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RTT ms (mean / max)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overruns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail / last error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reconnecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>simulator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in-process</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>modbus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>opcua</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mqtt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>state: {state}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>requests {requests}, errors {errors}, reconnects {reconnects}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>round trip {mean} ms mean, {max} ms max</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last error: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TagBrowser</name>
    <message>
        <source>Search tags by name or description (* wildcard)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All areas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{shown} of {total} tags</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TagTableModel</name>
    <message>
        <source>Tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Area</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quality</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
