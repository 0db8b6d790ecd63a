<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>Quality</name>
    <message>
        <source>(value {age} old)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
