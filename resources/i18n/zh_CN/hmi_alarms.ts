<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AlarmActions</name>
    <message>
        <source>Acknowledge</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Shelve…</source>
        <translation>搁置…</translation>
    </message>
    <message>
        <source>Unshelve</source>
        <translation>解除搁置</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>复位</translation>
    </message>
    <message>
        <source>Out of service…</source>
        <translation>停用…</translation>
    </message>
    <message>
        <source>Return to service</source>
        <translation>恢复投用</translation>
    </message>
    <message>
        <source>already acknowledged</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>already shelved or out of service</source>
        <translation>已搁置或已停用</translation>
    </message>
    <message>
        <source>not shelved</source>
        <translation>未搁置</translation>
    </message>
    <message>
        <source>not latched</source>
        <translation>未闭锁</translation>
    </message>
    <message>
        <source>the condition is still present</source>
        <translation>报警条件仍然存在</translation>
    </message>
    <message>
        <source>already out of service</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>not out of service</source>
        <translation>未停用</translation>
    </message>
    <message>
        <source>select an alarm first</source>
        <translation>请先选择一条报警</translation>
    </message>
    <message>
        <source>Sent to the server, waiting for its answer…</source>
        <translation>已发送到服务器，等待其应答…</translation>
    </message>
</context>
<context>
    <name>AlarmBanner</name>
    <message>
        <source>Ack</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Ack all shown</source>
        <translation>确认全部显示</translation>
    </message>
    <message>
        <source>Silence</source>
        <translation>消音</translation>
    </message>
    <message>
        <source>Silence the horn until a new alarm comes in</source>
        <translation>消音，直到有新报警</translation>
    </message>
    <message>
        <source>FLOOD</source>
        <translation>报警泛滥</translation>
    </message>
    <message>
        <source>No unacknowledged alarms</source>
        <translation>无未确认报警</translation>
    </message>
    <message>
        <source>{total} unacknowledged, {shown} shown</source>
        <translation>{total} 条未确认，显示 {shown} 条</translation>
    </message>
    <message>
        <source>{total} unacknowledged</source>
        <translation>{total} 条未确认</translation>
    </message>
    <message>
        <source>FLOOD  {count} in {minutes} min</source>
        <translation>报警泛滥  {minutes} min 内 {count} 条</translation>
    </message>
    <message>
        <source>Alarm flood: more than {begin} alarms in {minutes} min (EEMUA 191); it ends below {end}. Work by priority.</source>
        <translation>报警泛滥：{minutes} min 内超过 {begin} 条报警（EEMUA 191）；低于 {end} 条时结束。请按优先级处理。</translation>
    </message>
    <message>
        <source>select an alarm first</source>
        <translation>请先选择一条报警</translation>
    </message>
    <message>
        <source>no alarms</source>
        <translation>无报警</translation>
    </message>
    <message>
        <source>Acknowledge the selected alarm</source>
        <translation>确认所选报警</translation>
    </message>
    <message>
        <source>Acknowledge the alarms shown in the banner</source>
        <translation>确认报警条中显示的报警</translation>
    </message>
    <message>
        <source>Horn on</source>
        <translation>声响开</translation>
    </message>
    <message>
        <source>Horn off</source>
        <translation>声响关</translation>
    </message>
    <message>
        <source>The audible alarm is on; click to switch it off</source>
        <translation>声响报警已开启；点击关闭</translation>
    </message>
    <message>
        <source>The audible alarm is off: new alarms are shown but not sounded</source>
        <translation>声响报警已关闭：新报警只显示、不发声</translation>
    </message>
</context>
<context>
    <name>AlarmSummary</name>
    <message>
        <source>All areas</source>
        <translation>全部区域</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Shelved</source>
        <translation>已搁置</translation>
    </message>
    <message>
        <source>Suppressed</source>
        <translation>已抑制</translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>{what} acknowledged</source>
        <translation>{what} 已确认</translation>
    </message>
    <message>
        <source>{what} shelved</source>
        <translation>{what} 已搁置</translation>
    </message>
    <message>
        <source>{what} unshelved</source>
        <translation>{what} 已解除搁置</translation>
    </message>
    <message>
        <source>{what} reset</source>
        <translation>{what} 已复位</translation>
    </message>
    <message>
        <source>{what} taken out of service</source>
        <translation>{what} 已停用</translation>
    </message>
    <message>
        <source>{what} returned to service</source>
        <translation>{what} 已恢复投用</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>show priority {priority} alarms</source>
        <translation>显示优先级 {priority} 的报警</translation>
    </message>
    <message>
        <source>Acknowledge all shown</source>
        <translation>确认全部显示</translation>
    </message>
    <message>
        <source>Journal</source>
        <translation>报警日志</translation>
    </message>
    <message>
        <source>KPIs</source>
        <translation>报警指标</translation>
    </message>
    <message>
        <source>no alarms</source>
        <translation>无报警</translation>
    </message>
    <message>
        <source>Not available: {reason}</source>
        <translation>不可用：{reason}</translation>
    </message>
    <message>
        <source>Shelve</source>
        <translation>搁置</translation>
    </message>
    <message>
        <source>Take out of service</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>{count} alarms</source>
        <translation>{count} 条报警</translation>
    </message>
    <message>
        <source>Refused: {why}</source>
        <translation>被拒绝：{why}</translation>
    </message>
</context>
<context>
    <name>AlarmTable</name>
    <message>
        <source>critical</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>high</source>
        <translation>高</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>HIHI</source>
        <translation>高高</translation>
    </message>
    <message>
        <source>HI</source>
        <translation>高</translation>
    </message>
    <message>
        <source>LO</source>
        <translation>低</translation>
    </message>
    <message>
        <source>LOLO</source>
        <translation>低低</translation>
    </message>
    <message>
        <source>DEV HI</source>
        <translation>偏差高</translation>
    </message>
    <message>
        <source>DEV HIHI</source>
        <translation>偏差高高</translation>
    </message>
    <message>
        <source>DEV LO</source>
        <translation>偏差低</translation>
    </message>
    <message>
        <source>DEV LOLO</source>
        <translation>偏差低低</translation>
    </message>
    <message>
        <source>ROC</source>
        <translation>变化率</translation>
    </message>
    <message>
        <source>STATE</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>BAD</source>
        <translation>坏值</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Active, unacknowledged</source>
        <translation>活动，未确认</translation>
    </message>
    <message>
        <source>Active, acknowledged</source>
        <translation>活动，已确认</translation>
    </message>
    <message>
        <source>Returned, unacknowledged</source>
        <translation>已恢复，未确认</translation>
    </message>
    <message>
        <source>Latched (reset required)</source>
        <translation>已闭锁（需复位）</translation>
    </message>
    <message>
        <source>Shelved</source>
        <translation>已搁置</translation>
    </message>
    <message>
        <source>Suppressed by design</source>
        <translation>设计抑制</translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>位号</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>报警信息</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>限值</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Shelved until</source>
        <translation>搁置至</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Suppressed by</source>
        <translation>抑制条件</translation>
    </message>
    <message>
        <source> — first out</source>
        <translation> — 首出</translation>
    </message>
    <message>
        <source>{alarm} — priority {priority}</source>
        <translation>{alarm} — 优先级 {priority}</translation>
    </message>
    <message>
        <source> (first out)</source>
        <translation>（首出）</translation>
    </message>
    <message>
        <source>Consequence: {text}</source>
        <translation>后果：{text}</translation>
    </message>
    <message>
        <source>Action: {text}</source>
        <translation>处置：{text}</translation>
    </message>
    <message>
        <source>Chattering</source>
        <translation>振荡报警</translation>
    </message>
    <message>
        <source>Reason: {reason} ({by})</source>
        <translation>原因：{reason}（{by}）</translation>
    </message>
</context>
<context>
    <name>AreaAlarmCounts</name>
    <message>
        <source>no unacknowledged alarms</source>
        <translation>无未确认报警</translation>
    </message>
    <message>
        <source>{counts} unacknowledged</source>
        <translation>{counts} 未确认</translation>
    </message>
</context>
<context>
    <name>JournalView</name>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>最近 1 小时</translation>
    </message>
    <message>
        <source>Last 24 h</source>
        <translation>最近 24 h</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation>报警</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>限值</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>报警信息</translation>
    </message>
    <message>
        <source>active</source>
        <translation>报警</translation>
    </message>
    <message>
        <source>cleared</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>realarm</source>
        <translation>再报警</translation>
    </message>
    <message>
        <source>ack</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>reset</source>
        <translation>复位</translation>
    </message>
    <message>
        <source>shelve</source>
        <translation>搁置</translation>
    </message>
    <message>
        <source>unshelve</source>
        <translation>解除搁置</translation>
    </message>
    <message>
        <source>auto unshelve</source>
        <translation>自动解除搁置</translation>
    </message>
    <message>
        <source>suppress</source>
        <translation>抑制</translation>
    </message>
    <message>
        <source>unsuppress</source>
        <translation>解除抑制</translation>
    </message>
    <message>
        <source>out of service</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>return to service</source>
        <translation>恢复投用</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>时段</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>位号</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>exact tag name</source>
        <translation>完整位号</translation>
    </message>
    <message>
        <source>in message, alarm or comment</source>
        <translation>在报警信息、报警名或备注中</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>No alarm journal in this mode</source>
        <translation>此模式下没有报警日志</translation>
    </message>
    <message>
        <source>{count} entries, newest first (the newest {limit}; narrow the search for older ones)</source>
        <translation>{count} 条记录，最新在前（仅最新 {limit} 条；缩小查询范围以查看更早的记录）</translation>
    </message>
    <message>
        <source>{count} entries, newest first</source>
        <translation>{count} 条记录，最新在前</translation>
    </message>
    <message>
        <source>Export the alarm journal</source>
        <translation>导出报警日志</translation>
    </message>
    <message>
        <source>Export failed: {why}</source>
        <translation>导出失败：{why}</translation>
    </message>
    <message>
        <source>Exported {count} entries to {path}</source>
        <translation>已导出 {count} 条记录到 {path}</translation>
    </message>
</context>
<context>
    <name>KpiPanel</name>
    <message>
        <source>All areas</source>
        <translation>全部区域</translation>
    </message>
    <message>
        <source>Last 24 h (live)</source>
        <translation>最近 24 h（实时）</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <source>Annunciated, last 10 min</source>
        <translation>最近 10 min 报警数</translation>
    </message>
    <message>
        <source>Average per 10 min</source>
        <translation>每 10 min 平均</translation>
    </message>
    <message>
        <source>Peak per 10 min</source>
        <translation>每 10 min 峰值</translation>
    </message>
    <message>
        <source>Annunciated in the period</source>
        <translation>时段内报警数</translation>
    </message>
    <message>
        <source>Time in flood</source>
        <translation>泛滥时长</translation>
    </message>
    <message>
        <source>Flood periods</source>
        <translation>泛滥次数</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>时段</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Alarm rates</source>
        <translation>报警率</translation>
    </message>
    <message>
        <source>Priority mix</source>
        <translation>优先级分布</translation>
    </message>
    <message>
        <source>target about {share}</source>
        <translation>目标约 {share}</translation>
    </message>
    <message>
        <source>Chattering</source>
        <translation>振荡报警</translation>
    </message>
    <message>
        <source>Stale (standing over {hours} h)</source>
        <translation>长期报警（持续超过 {hours} h）</translation>
    </message>
    <message>
        <source>Top 10 alarms</source>
        <translation>前 10 位报警</translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation>报警</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>次数</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>占比</translation>
    </message>
    <message>
        <source> — above target</source>
        <translation> — 超出目标</translation>
    </message>
    <message>
        <source>{average} (within target {target})</source>
        <translation>{average}（在目标 {target} 以内）</translation>
    </message>
    <message>
        <source>{average} (above target {target})</source>
        <translation>{average}（超出目标 {target}）</translation>
    </message>
    <message>
        <source>  — FLOOD NOW</source>
        <translation>  — 当前报警泛滥</translation>
    </message>
    <message>
        <source>EEMUA 191 targets: at most {target} alarm per {minutes} min on average; a flood begins above {begin} alarms in {minutes} min and ends below {end}</source>
        <translation>EEMUA 191 目标：平均每 {minutes} min 不超过 {target} 条报警；{minutes} min 内超过 {begin} 条即为报警泛滥，低于 {end} 条时结束</translation>
    </message>
    <message>
        <source>{alarm}  ({count} activations)</source>
        <translation>{alarm}  （{count} 次报警）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>{names} and {more} more</source>
        <translation>{names} 等另 {more} 条</translation>
    </message>
    <message>
        <source>Shelve for</source>
        <translation>搁置时长</translation>
    </message>
    <message>
        <source>required: why (recorded in the alarm journal)</source>
        <translation>必填：原因（记入报警日志）</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>give a reason first</source>
        <translation>请先填写原因</translation>
    </message>
</context>
</TS>
