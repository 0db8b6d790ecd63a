<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Overview</name>
    <message>
        <source>trends: last {minutes} min</source>
        <translation>趋势：最近 {minutes} min</translation>
    </message>
</context>
</TS>
