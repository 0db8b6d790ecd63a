<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>LoopCheck</name>
    <message>
        <source>Area</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Loops</source>
        <translation>回路</translation>
    </message>
    <message>
        <source>Checked</source>
        <translation>已检查</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>不合格</translation>
    </message>
    <message>
        <source>Not yet</source>
        <translation>未检查</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>位号</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Last by</source>
        <translation>最近检查人</translation>
    </message>
    <message>
        <source>Last at</source>
        <translation>最近检查时间</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>未检查</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>checked</source>
        <translation>已检查</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>不合格</translation>
    </message>
    <message>
        <source>{point}: seen {seen}, expected {expected}</source>
        <translation>{point}：实测 {seen}，预期 {expected}</translation>
    </message>
    <message>
        <source>{checked} checked, {failed} failed, {not_yet} not yet, of {total}</source>
        <translation>共 {total} 个：已检查 {checked}，不合格 {failed}，未检查 {not_yet}</translation>
    </message>
    <message>
        <source>All areas</source>
        <translation>全部区域</translation>
    </message>
</context>
<context>
    <name>LoopCheckView</name>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>filter by tag or description</source>
        <translation>按位号或描述筛选</translation>
    </message>
    <message>
        <source>any status</source>
        <translation>任意状态</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Print sheets (PDF)…</source>
        <translation>打印检查单 (PDF)…</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Loop check</source>
        <translation>回路检查</translation>
    </message>
    <message>
        <source>The loop checks cannot be read: {error}</source>
        <translation>无法读取回路检查：{error}</translation>
    </message>
    <message>
        <source>{tag} {point} captured</source>
        <translation>已采集 {tag} {point}</translation>
    </message>
    <message>
        <source>{tag} marked failed</source>
        <translation>{tag} 已标记为不合格</translation>
    </message>
    <message>
        <source>Refused: {reason}</source>
        <translation>已拒绝：{reason}</translation>
    </message>
    <message>
        <source>Not recorded: {error}</source>
        <translation>未记录：{error}</translation>
    </message>
    <message>
        <source>Loop-check sheets</source>
        <translation>回路检查单</translation>
    </message>
    <message>
        <source>Wrote {path}</source>
        <translation>已写入 {path}</translation>
    </message>
    <message>
        <source>no user is logged in</source>
        <translation>无用户登录</translation>
    </message>
    <message>
        <source>{role} &apos;{name}&apos; may not record loop checks here</source>
        <translation>{role}“{name}”无权在此记录回路检查</translation>
    </message>
    <message>
        <source>Engineers record loop checks ({who})</source>
        <translation>回路检查由工程师记录（{who}）</translation>
    </message>
</context>
<context>
    <name>SheetPanel</name>
    <message>
        <source>Choose a loop</source>
        <translation>请选择回路</translation>
    </message>
    <message>
        <source>Check points</source>
        <translation>检查点</translation>
    </message>
    <message>
        <source> % of span</source>
        <translation> % 量程</translation>
    </message>
    <message>
        <source>note (needed to mark the loop failed)</source>
        <translation>备注（标记回路不合格时必填）</translation>
    </message>
    <message>
        <source>Mark failed</source>
        <translation>标记不合格</translation>
    </message>
    <message>
        <source>Live value</source>
        <translation>实时值</translation>
    </message>
    <message>
        <source>Tolerance</source>
        <translation>允差</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>{low} to {high}</source>
        <translation>{low} 至 {high}</translation>
    </message>
    <message>
        <source>{kind}  area {area}  range {range}</source>
        <translation>{kind}  区域 {area}  量程 {range}</translation>
    </message>
    <message>
        <source>Alarms: {alarms}</source>
        <translation>报警：{alarms}</translation>
    </message>
    <message>
        <source>no display</source>
        <translation>无画面</translation>
    </message>
    <message>
        <source>Shown on: {screens}</source>
        <translation>显示于：{screens}</translation>
    </message>
    <message>
        <source>Status: {status}</source>
        <translation>状态：{status}</translation>
    </message>
    <message>
        <source>Point</source>
        <translation>检查点</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>预期</translation>
    </message>
    <message>
        <source>Seen</source>
        <translation>实测</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>By, at</source>
        <translation>检查人、时间</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>未检查</translation>
    </message>
    <message>
        <source>pass</source>
        <translation>合格</translation>
    </message>
    <message>
        <source>FAIL</source>
        <translation>不合格</translation>
    </message>
    <message>
        <source>Capture</source>
        <translation>采集</translation>
    </message>
    <message>
        <source>failed: {note}</source>
        <translation>不合格：{note}</translation>
    </message>
</context>
</TS>
