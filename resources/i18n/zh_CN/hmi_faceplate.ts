<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Faceplate</name>
    <message>
        <source>{tag} — faceplate</source>
        <translation>{tag} — 面板</translation>
    </message>
    <message>
        <source>{description}   ·   area {area}</source>
        <translation>{description}   ·   区域 {area}</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Write {point}…</source>
        <translation>写入 {point}…</translation>
    </message>
    <message>
        <source>Write…</source>
        <translation>写入…</translation>
    </message>
    <message>
        <source>Simulate…</source>
        <translation>仿真…</translation>
    </message>
    <message>
        <source>Release force…</source>
        <translation>解除强制…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>normal {low} … {high} {unit}</source>
        <translation>正常范围 {low} … {high} {unit}</translation>
    </message>
    <message>
        <source>Quality: {quality}</source>
        <translation>质量：{quality}</translation>
    </message>
    <message>
        <source>Good</source>
        <translation>良好</translation>
    </message>
    <message>
        <source>unacknowledged</source>
        <translation>未确认</translation>
    </message>
    <message>
        <source>acknowledged</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>{alarm} priority {priority} on {tag} ({ack})</source>
        <translation>{tag} 上的 {alarm} 报警，优先级 {priority}（{ack}）</translation>
    </message>
    <message>
        <source>Alarms: {alarms}</source>
        <translation>报警：{alarms}</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>none active</source>
        <translation>无活动报警</translation>
    </message>
    <message>
        <source>log in to write</source>
        <translation>登录后才能写入</translation>
    </message>
    <message>
        <source>Force a value (shown instead of the field&apos;s)</source>
        <translation>强制一个值（代替现场值显示）</translation>
    </message>
    <message>
        <source>Change force…</source>
        <translation>修改强制…</translation>
    </message>
    <message>
        <source>Force…</source>
        <translation>强制…</translation>
    </message>
    <message>
        <source>Feed this tag from a signal generator or the plant model</source>
        <translation>由信号发生器或装置模型为此位号供值</translation>
    </message>
    <message>
        <source>Show the field&apos;s value again</source>
        <translation>重新显示现场值</translation>
    </message>
</context>
<context>
    <name>WriteDialog</name>
    <message>
        <source>no limits configured</source>
        <translation>未配置限值</translation>
    </message>
    <message>
        <source>write limits</source>
        <translation>写入限值</translation>
    </message>
    <message>
        <source>engineering range</source>
        <translation>工程量程</translation>
    </message>
    <message>
        <source>Good</source>
        <translation>良好</translation>
    </message>
    <message>
        <source>Write {tag}</source>
        <translation>写入 {tag}</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>位号</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>当前值</translation>
    </message>
    <message>
        <source>Limits</source>
        <translation>限值</translation>
    </message>
    <message>
        <source>New value</source>
        <translation>新值</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>new value in {unit}</source>
        <translation>新值（{unit}）</translation>
    </message>
    <message>
        <source>new value</source>
        <translation>新值</translation>
    </message>
    <message>
        <source>reason (recorded in the audit trail)</source>
        <translation>原因（记入审计记录）</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Not allowed: {reason}</source>
        <translation>不允许：{reason}</translation>
    </message>
    <message>
        <source>Enter the new value.</source>
        <translation>请输入新值。</translation>
    </message>
    <message>
        <source>Refused: {reason}</source>
        <translation>拒绝：{reason}</translation>
    </message>
    <message>
        <source>Sending… waiting for read-back</source>
        <translation>发送中… 等待回读</translation>
    </message>
    <message>
        <source>Confirmed: read-back {value} in {ms} ms</source>
        <translation>已确认：回读 {value}，用时 {ms} ms</translation>
    </message>
    <message>
        <source>Confirmed: read-back {value}</source>
        <translation>已确认：回读 {value}</translation>
    </message>
    <message>
        <source>Unconfirmed, outcome unknown: {reason}. Check {tag} before writing again.</source>
        <translation>未确认，结果未知：{reason}。再次写入前请检查 {tag}。</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>{status}: {reason}</source>
        <translation>{status}：{reason}</translation>
    </message>
</context>
</TS>
