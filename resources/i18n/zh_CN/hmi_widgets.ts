<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AlarmCounts</name>
    <message>
        <source>open the {screen} display</source>
        <translation>打开{screen}画面</translation>
    </message>
    <message>
        <source>{count} unack</source>
        <translation>{count} 未确认</translation>
    </message>
</context>
<context>
    <name>BoundWidget</name>
    <message>
        <source>configuration error: {why}</source>
        <translation>组态错误：{why}</translation>
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
        <source>alarm {kind}, priority {priority}, {ack}</source>
        <translation>报警 {kind}，优先级 {priority}，{ack}</translation>
    </message>
</context>
<context>
    <name>CellMap</name>
    <message>
        <source>alarm {kind}, priority {priority}</source>
        <translation>报警 {kind}，优先级 {priority}</translation>
    </message>
</context>
<context>
    <name>CriticalPointChart</name>
    <message>
        <source>compressor inlet temperature °C  (pressure MPa)</source>
        <translation>压缩机入口温度 °C  （压力 MPa）</translation>
    </message>
    <message>
        <source>critical point</source>
        <translation>临界点</translation>
    </message>
    <message>
        <source>liquid</source>
        <translation>液相</translation>
    </message>
    <message>
        <source>vapour</source>
        <translation>气相</translation>
    </message>
    <message>
        <source>supercritical</source>
        <translation>超临界</translation>
    </message>
    <message>
        <source>{margin} K above the critical point ({critical} °C)</source>
        <translation>高于临界点 {margin} K（{critical} °C）</translation>
    </message>
    <message>
        <source>{margin} K BELOW the critical temperature: two-phase risk</source>
        <translation>低于临界温度 {margin} K：有两相风险</translation>
    </message>
</context>
<context>
    <name>KpiTile</name>
    <message>
        <source>target {band}</source>
        <translation>目标 {band}</translation>
    </message>
    <message>
        <source>limit {limit}</source>
        <translation>限值 {limit}</translation>
    </message>
    <message>
        <source>margin {margin}</source>
        <translation>裕量 {margin}</translation>
    </message>
</context>
<context>
    <name>ScreenLink</name>
    <message>
        <source>open the {screen} display</source>
        <translation>打开{screen}画面</translation>
    </message>
</context>
<context>
    <name>WidgetWords</name>
    <message>
        <source>WAIT</source>
        <translation>等待</translation>
    </message>
    <message>
        <source>COMM</source>
        <translation>通讯</translation>
    </message>
    <message>
        <source>TIMEOUT</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>CFG</source>
        <translation>组态</translation>
    </message>
    <message>
        <source>CFG?</source>
        <translation>组态?</translation>
    </message>
    <message>
        <source>DEV</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>SENSOR</source>
        <translation>传感器</translation>
    </message>
    <message>
        <source>OOS</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>RANGE</source>
        <translation>超量程</translation>
    </message>
    <message>
        <source>DENIED</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>CERT</source>
        <translation>证书</translation>
    </message>
    <message>
        <source>BAD</source>
        <translation>坏值</translation>
    </message>
    <message>
        <source>OLD</source>
        <translation>旧值</translation>
    </message>
    <message>
        <source>SUB</source>
        <translation>替代</translation>
    </message>
    <message>
        <source>INACC</source>
        <translation>不准</translation>
    </message>
    <message>
        <source>STALE</source>
        <translation>陈旧</translation>
    </message>
    <message>
        <source>UNCERTAIN</source>
        <translation>不确定</translation>
    </message>
    <message>
        <source>UNC</source>
        <translation>可疑</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>FORCED</source>
        <translation>强制</translation>
    </message>
    <message>
        <source>SIM</source>
        <translation>仿真</translation>
    </message>
    <message>
        <source>OVR</source>
        <translation>覆盖</translation>
    </message>
    <message>
        <source>RUN</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>STOP</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>TRIP</source>
        <translation>跳闸</translation>
    </message>
    <message>
        <source>OPEN</source>
        <translation>开</translation>
    </message>
    <message>
        <source>CLOSED</source>
        <translation>关</translation>
    </message>
    <message>
        <source>MODE</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>AUTO</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>MAN</source>
        <translation>手动</translation>
    </message>
    <message>
        <source>MANUAL</source>
        <translation>手动</translation>
    </message>
    <message>
        <source>CAS</source>
        <translation>串级</translation>
    </message>
    <message>
        <source>LOCAL</source>
        <translation>就地</translation>
    </message>
    <message>
        <source>LOC</source>
        <translation>就地</translation>
    </message>
</context>
</TS>
