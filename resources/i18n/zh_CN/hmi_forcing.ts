<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ForceAccess</name>
    <message>
        <source>log in as an engineer to force values</source>
        <translation>以工程师身份登录后才能强制</translation>
    </message>
</context>
<context>
    <name>ForceDialog</name>
    <message>
        <source>no range configured</source>
        <translation>未配置量程</translation>
    </message>
    <message>
        <source>engineering range {low} … {high}</source>
        <translation>工程量程 {low} … {high}</translation>
    </message>
    <message>
        <source>minutes: &apos;{text}&apos; is not a number</source>
        <translation>分钟数：“{text}”不是数字</translation>
    </message>
    <message>
        <source>minutes: more than 0 and at most {most} (a week)</source>
        <translation>分钟数：大于 0，最多 {most}（一周）</translation>
    </message>
    <message>
        <source>Not allowed: {reason}</source>
        <translation>不允许：{reason}</translation>
    </message>
    <message>
        <source>Refused: {reason}</source>
        <translation>拒绝：{reason}</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>位号</translation>
    </message>
    <message>
        <source>{action} {tag}</source>
        <translation>{action} {tag}</translation>
    </message>
    <message>
        <source>reason (recorded in the audit trail)</source>
        <translation>原因（记入审计记录）</translation>
    </message>
    <message>
        <source>until released</source>
        <translation>直到解除</translation>
    </message>
    <message>
        <source>until {time}</source>
        <translation>直到 {time}</translation>
    </message>
    <message>
        <source>simulated from {source} by {user} {until}: {reason}</source>
        <translation>由 {user} 以 {source} 仿真，{until}：{reason}</translation>
    </message>
    <message>
        <source>forced by {user} {until}: {reason}</source>
        <translation>由 {user} 强制，{until}：{reason}</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Shown now</source>
        <translation>当前显示</translation>
    </message>
    <message>
        <source>Field value</source>
        <translation>现场值</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>量程</translation>
    </message>
    <message>
        <source>Enter the reason.</source>
        <translation>请输入原因。</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>发送中…</translation>
    </message>
    <message>
        <source>Force</source>
        <translation>强制</translation>
    </message>
    <message>
        <source>Force to</source>
        <translation>强制为</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>For minutes</source>
        <translation>持续分钟数</translation>
    </message>
    <message>
        <source>value in {unit}</source>
        <translation>值（{unit}）</translation>
    </message>
    <message>
        <source>value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Enter the value to force.</source>
        <translation>请输入要强制的值。</translation>
    </message>
    <message>
        <source>Forced to {value} until released.</source>
        <translation>已强制为 {value}，直到解除。</translation>
    </message>
    <message>
        <source>Forced to {value} until {until}.</source>
        <translation>已强制为 {value}，直到 {until}。</translation>
    </message>
    <message>
        <source>Plant model&apos;s value</source>
        <translation>装置模型的值</translation>
    </message>
    <message>
        <source>Square wave, 60 s</source>
        <translation>方波，60 s</translation>
    </message>
    <message>
        <source>Sine over the range, 60 s</source>
        <translation>量程内正弦波，60 s</translation>
    </message>
    <message>
        <source>Ramp over the range, 60 s</source>
        <translation>量程内斜坡，60 s</translation>
    </message>
    <message>
        <source>Random walk in the range</source>
        <translation>量程内随机游走</translation>
    </message>
    <message>
        <source>Simulate</source>
        <translation>仿真</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>sim://signal/SHAPE?low=…&amp;high=… or model</source>
        <translation>sim://signal/波形?low=…&amp;high=… 或 model</translation>
    </message>
    <message>
        <source>Enter the source: a sim:// address or model.</source>
        <translation>请输入来源：sim:// 地址或 model。</translation>
    </message>
    <message>
        <source>Simulated from {source} until released.</source>
        <translation>已由 {source} 仿真，直到解除。</translation>
    </message>
    <message>
        <source>Simulated from {source} until {until}.</source>
        <translation>已由 {source} 仿真，直到 {until}。</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>解除</translation>
    </message>
    <message>
        <source>Simulated from</source>
        <translation>仿真来源</translation>
    </message>
    <message>
        <source>Simulated</source>
        <translation>仿真</translation>
    </message>
    <message>
        <source>Forced to</source>
        <translation>强制为</translation>
    </message>
    <message>
        <source>Forced</source>
        <translation>强制</translation>
    </message>
    <message>
        <source>Released: {tag} shows the field&apos;s value again.</source>
        <translation>已解除：{tag} 重新显示现场值。</translation>
    </message>
</context>
<context>
    <name>ForcedList</name>
    <message>
        <source>Tag</source>
        <translation>位号</translation>
    </message>
    <message>
        <source>Forced value</source>
        <translation>强制值</translation>
    </message>
    <message>
        <source>Field value</source>
        <translation>现场值</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>截止时间</translation>
    </message>
    <message>
        <source>{count} forced</source>
        <translation>{count} 个强制</translation>
    </message>
    <message>
        <source>Forced values</source>
        <translation>强制值</translation>
    </message>
    <message>
        <source>Faceplate</source>
        <translation>面板</translation>
    </message>
    <message>
        <source>Open the selected tag&apos;s faceplate (double-click)</source>
        <translation>打开所选位号的面板（双击）</translation>
    </message>
    <message>
        <source>Release…</source>
        <translation>解除…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>1 forced value</source>
        <translation>1 个强制值</translation>
    </message>
    <message>
        <source>{count} forced values</source>
        <translation>{count} 个强制值</translation>
    </message>
    <message>
        <source>No forced values: every tag shows its field&apos;s value</source>
        <translation>无强制值：所有位号均显示现场值</translation>
    </message>
    <message>
        <source>until released</source>
        <translation>直到解除</translation>
    </message>
    <message>
        <source>Release the selected force (with a reason)</source>
        <translation>解除所选强制（需填写原因）</translation>
    </message>
</context>
</TS>
