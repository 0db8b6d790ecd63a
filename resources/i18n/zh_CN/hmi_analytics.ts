<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AnalyticsMissing</name>
    <message>
        <source>Energy figures</source>
        <translation>能耗指标</translation>
    </message>
    <message>
        <source>Predictive warnings, instrument health and shift reports</source>
        <translation>预测预警、仪表健康和班报</translation>
    </message>
    <message>
        <source>{what} come from the plant analytics, which this console does not run (they start with the operator console, not with the command-line tools).</source>
        <translation>{what}来自装置分析，本控制台未运行装置分析（它随操作员控制台启动，不随命令行工具启动）。</translation>
    </message>
</context>
<context>
    <name>EnergyCharts</name>
    <message>
        <source>%d %b</source>
        <translation>%m月%d日</translation>
    </message>
    <message>
        <source>W%V</source>
        <translation>第%V周</translation>
    </message>
    <message>
        <source> · target {value}</source>
        <translation> · 目标 {value}</translation>
    </message>
    <message>
        <source> · line: {name}</source>
        <translation> · 横线：{name}</translation>
    </message>
</context>
<context>
    <name>EnergyTable</name>
    <message>
        <source>Figure</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>当前</translation>
    </message>
    <message>
        <source>This
shift</source>
        <translation>本班</translation>
    </message>
    <message>
        <source>Previous
shift</source>
        <translation>上一班</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>This shift
against target</source>
        <translation>本班
对比目标</translation>
    </message>
    <message>
        <source>OFF TARGET, {percent} % worse</source>
        <translation>未达标，差 {percent} %</translation>
    </message>
    <message>
        <source>met</source>
        <translation>达标</translation>
    </message>
    <message>
        <source>off target</source>
        <translation>未达标</translation>
    </message>
    <message>
        <source>met, {percent} % better</source>
        <translation>达标，优 {percent} %</translation>
    </message>
</context>
<context>
    <name>EnergyView</name>
    <message>
        <source>Per shift, last 7 days</source>
        <translation>按班，最近 7 天</translation>
    </message>
    <message>
        <source>Per day, last 14 days</source>
        <translation>按天，最近 14 天</translation>
    </message>
    <message>
        <source>Per week, last 8 weeks</source>
        <translation>按周，最近 8 周</translation>
    </message>
    <message>
        <source>peak</source>
        <translation>峰</translation>
    </message>
    <message>
        <source>flat</source>
        <translation>平</translation>
    </message>
    <message>
        <source>valley</source>
        <translation>谷</translation>
    </message>
    <message>
        <source>Figures against targets</source>
        <translation>指标对比目标</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Waiting for the server&apos;s energy figures…</source>
        <translation>正在等待服务器的能耗指标…</translation>
    </message>
    <message>
        <source>This shift: {shift}, since {since}</source>
        <translation>本班：{shift}，自 {since} 起</translation>
    </message>
    <message>
        <source>Tariff now: {band}, {price} {currency}/kWh</source>
        <translation>当前电价：{band}，{price} {currency}/kWh</translation>
    </message>
    <message>
        <source>Data this shift: {areas}</source>
        <translation>本班数据完整度：{areas}</translation>
    </message>
    <message>
        <source>No area of this project declares energy figures.</source>
        <translation>本项目没有区域声明能耗指标。</translation>
    </message>
    <message>
        <source>No history here: the charts read the shared store (start the console with --store).</source>
        <translation>此处无历史：图表读取共享存储（以 --store 启动控制台）。</translation>
    </message>
    <message>
        <source>No history in this console: the charts need the historian.</source>
        <translation>本控制台无历史：图表需要历史库。</translation>
    </message>
    <message>
        <source>Reading the history…</source>
        <translation>正在读取历史…</translation>
    </message>
    <message>
        <source>History not available: {reason}</source>
        <translation>历史不可用：{reason}</translation>
    </message>
    <message>
        <source>From the history at {time}; the running period is the lighter bar, a period that missed its target the coloured one.</source>
        <translation>取自 {time} 的历史；浅色柱为进行中的时段，彩色柱为未达目标的时段。</translation>
    </message>
    <message>
        <source>Export energy figures</source>
        <translation>导出能耗指标</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Nothing to export yet: the history has not been read.</source>
        <translation>尚无可导出内容：历史尚未读取。</translation>
    </message>
    <message>
        <source>Export failed: {reason}</source>
        <translation>导出失败：{reason}</translation>
    </message>
    <message>
        <source>{count} periods written to {path}</source>
        <translation>已将 {count} 个时段写入 {path}</translation>
    </message>
    <message>
        <source>Morning</source>
        <translation>早班</translation>
    </message>
    <message>
        <source>Afternoon</source>
        <translation>中班</translation>
    </message>
    <message>
        <source>Night</source>
        <translation>夜班</translation>
    </message>
</context>
<context>
    <name>HealthList</name>
    <message>
        <source>Severity</source>
        <translation>严重度</translation>
    </message>
    <message>
        <source>Instrument</source>
        <translation>仪表</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Fault</source>
        <translation>故障</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Advisory</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>out of range</source>
        <translation>超量程</translation>
    </message>
    <message>
        <source>bad quality</source>
        <translation>质量坏</translation>
    </message>
    <message>
        <source>frozen</source>
        <translation>冻结</translation>
    </message>
    <message>
        <source>stuck at limit</source>
        <translation>卡在量程端</translation>
    </message>
    <message>
        <source>noisy</source>
        <translation>噪声大</translation>
    </message>
    <message>
        <source>, shown as 1 line per unit</source>
        <translation>，按单元显示为 1 行</translation>
    </message>
    <message>
        <source>, shown as {count} lines per unit</source>
        <translation>，按单元显示为 {count} 行</translation>
    </message>
    <message>
        <source>{issues} issues on {tags} of {total} measurements checked</source>
        <translation>所检 {total} 个测点中 {tags} 个有 {issues} 个问题</translation>
    </message>
    <message>
        <source>All {total} measurements checked look healthy.</source>
        <translation>所检 {total} 个测点均正常。</translation>
    </message>
    <message>
        <source>{count} instruments: {names} and {more} more</source>
        <translation>{count} 台仪表：{names} 等另 {more} 台</translation>
    </message>
    <message>
        <source>{count} instruments: {names}</source>
        <translation>{count} 台仪表：{names}</translation>
    </message>
</context>
<context>
    <name>PlantHealthView</name>
    <message>
        <source>Predictive warnings</source>
        <translation>预测预警</translation>
    </message>
    <message>
        <source>advice from the trends, not alarms: nothing to acknowledge, each clears itself</source>
        <translation>来自趋势的建议，不是报警：无需确认，会自行消除</translation>
    </message>
    <message>
        <source>Instrument health</source>
        <translation>仪表健康</translation>
    </message>
    <message>
        <source>measurements that can&apos;t be trusted, worst first</source>
        <translation>不可信的测点，最严重的在前</translation>
    </message>
    <message>
        <source>Shift reports</source>
        <translation>班报</translation>
    </message>
    <message>
        <source>one at every shift change</source>
        <translation>每次交接班生成一份</translation>
    </message>
</context>
<context>
    <name>ReportList</name>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>时段</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Open PDF</source>
        <translation>打开 PDF</translation>
    </message>
    <message>
        <source>Notes for the report of this shift (optional)</source>
        <translation>本班报告的备注（可选）</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>添加备注</translation>
    </message>
    <message>
        <source>Keep the note above for the report of this shift</source>
        <translation>将上面的备注保存到本班报告</translation>
    </message>
    <message>
        <source>Report now</source>
        <translation>立即生成报告</translation>
    </message>
    <message>
        <source>A PDF report of this shift so far, with the notes above</source>
        <translation>生成本班至今的 PDF 报告，含上面的备注</translation>
    </message>
    <message>
        <source>The reports cannot be listed: {reason}</source>
        <translation>无法列出报告：{reason}</translation>
    </message>
    <message>
        <source>{count} reports kept in {where}</source>
        <translation>{where} 中保存了 {count} 份报告</translation>
    </message>
    <message>
        <source>Reports are opened while the console runs.</source>
        <translation>报告须在控制台运行时打开。</translation>
    </message>
    <message>
        <source>{file} is no longer there.</source>
        <translation>{file} 已不存在。</translation>
    </message>
    <message>
        <source>{file} cannot be opened: {reason}</source>
        <translation>无法打开 {file}：{reason}</translation>
    </message>
    <message>
        <source>Type the note first.</source>
        <translation>请先输入备注。</translation>
    </message>
    <message>
        <source>Notes are kept while the console runs.</source>
        <translation>备注须在控制台运行时保存。</translation>
    </message>
    <message>
        <source>Keeping the note…</source>
        <translation>正在保存备注…</translation>
    </message>
    <message>
        <source>The note was not kept: {reason}</source>
        <translation>备注未保存：{reason}</translation>
    </message>
    <message>
        <source>Note kept for this shift&apos;s report ({time}, {author}).</source>
        <translation>备注已保存到本班报告（{time}，{author}）。</translation>
    </message>
    <message>
        <source>Reports are made while the console runs.</source>
        <translation>报告须在控制台运行时生成。</translation>
    </message>
    <message>
        <source>Making the report of this shift so far…</source>
        <translation>正在生成本班至今的报告…</translation>
    </message>
    <message>
        <source>The report failed: {reason}</source>
        <translation>报告生成失败：{reason}</translation>
    </message>
    <message>
        <source>Report made: {file}</source>
        <translation>报告已生成：{file}</translation>
    </message>
</context>
<context>
    <name>WarningLine</name>
    <message>
        <source>Predicted: {text} ({limit} limit; trend {trend}; confidence {confidence}). Advice, not an alarm.</source>
        <translation>预测：{text}（{limit} 限值；趋势 {trend}；置信度 {confidence}）。仅为建议，不是报警。</translation>
    </message>
</context>
<context>
    <name>WarningList</name>
    <message>
        <source>Predicted</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>限值</translation>
    </message>
    <message>
        <source>Trend</source>
        <translation>趋势</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>置信度</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>No predictive warnings: no measurement is heading for a limit.</source>
        <translation>无预测预警：没有测点正趋向限值。</translation>
    </message>
    <message>
        <source>... and {count} more</source>
        <translation>…… 另有 {count} 条</translation>
    </message>
</context>
</TS>
