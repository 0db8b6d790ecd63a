<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>PenTable</name>
    <message>
        <source>Tag</source>
        <translation>位号</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>At cursor</source>
        <translation>光标处</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>当前</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Scale low</source>
        <translation>量程下限</translation>
    </message>
    <message>
        <source>Scale high</source>
        <translation>量程上限</translation>
    </message>
    <message>
        <source>show or hide this pen</source>
        <translation>显示或隐藏此曲线</translation>
    </message>
    <message>
        <source>double-click to change the pen&apos;s scale</source>
        <translation>双击修改此曲线的量程</translation>
    </message>
</context>
<context>
    <name>TagPicker</name>
    <message>
        <source>Add to trend</source>
        <translation>加入趋势</translation>
    </message>
    <message>
        <source>put the selected tag on the trend</source>
        <translation>将所选位号加入趋势</translation>
    </message>
    <message>
        <source>Add pens</source>
        <translation>添加曲线</translation>
    </message>
</context>
<context>
    <name>TrendHistory</name>
    <message>
        <source>history not available: {why}</source>
        <translation>历史数据不可用：{why}</translation>
    </message>
    <message>
        <source>no history on this console</source>
        <translation>此操作员站没有历史数据</translation>
    </message>
</context>
<context>
    <name>TrendPens</name>
    <message>
        <source>scale {low} … {high}: the top must be above the bottom</source>
        <translation>量程 {low} … {high}：上限必须高于下限</translation>
    </message>
    <message>
        <source>{tag} is already on the trend</source>
        <translation>{tag} 已在趋势中</translation>
    </message>
    <message>
        <source>a trend holds at most {count} pens: remove one first</source>
        <translation>一个趋势最多 {count} 条曲线：请先移除一条</translation>
    </message>
    <message>
        <source>{tag} is text, not a number: it cannot be trended</source>
        <translation>{tag} 是文本而非数值：无法绘制趋势</translation>
    </message>
    <message>
        <source>{tag} is not on the trend</source>
        <translation>{tag} 不在趋势中</translation>
    </message>
    <message>
        <source>{file} cannot be read: {why}</source>
        <translation>无法读取 {file}：{why}</translation>
    </message>
    <message>
        <source>no pen set named &apos;{name}&apos;</source>
        <translation>没有名为“{name}”的曲线组</translation>
    </message>
    <message>
        <source>a pen set needs a name</source>
        <translation>曲线组需要名称</translation>
    </message>
</context>
<context>
    <name>TrendToolbar</name>
    <message>
        <source>show the last {span}</source>
        <translation>显示最近 {span}</translation>
    </message>
    <message>
        <source>back by half the range (pauses live)</source>
        <translation>后退半个时间范围（暂停实时）</translation>
    </message>
    <message>
        <source>forward by half the range</source>
        <translation>前进半个时间范围</translation>
    </message>
    <message>
        <source>stop following the clock (the data keeps coming)</source>
        <translation>停止跟随时钟（数据继续采集）</translation>
    </message>
    <message>
        <source>Resume live</source>
        <translation>恢复实时</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Cursor</source>
        <translation>光标</translation>
    </message>
    <message>
        <source>a cursor with the value of every pen</source>
        <translation>显示各曲线数值的光标</translation>
    </message>
    <message>
        <source>Remove pen</source>
        <translation>移除曲线</translation>
    </message>
    <message>
        <source>take the selected pen off the trend</source>
        <translation>从趋势中移除所选曲线</translation>
    </message>
    <message>
        <source>Fit scales</source>
        <translation>自适应量程</translation>
    </message>
    <message>
        <source>every pen&apos;s scale around what it shows now</source>
        <translation>按当前显示的数据调整各曲线量程</translation>
    </message>
    <message>
        <source>Tags ▸</source>
        <translation>位号 ▸</translation>
    </message>
    <message>
        <source>show or hide the tag list to add pens</source>
        <translation>显示或隐藏位号列表以添加曲线</translation>
    </message>
    <message>
        <source>pen set name</source>
        <translation>曲线组名称</translation>
    </message>
    <message>
        <source>choose a saved pen set, or type a name and Save</source>
        <translation>选择已保存的曲线组，或输入名称后保存</translation>
    </message>
    <message>
        <source>Save set</source>
        <translation>保存曲线组</translation>
    </message>
    <message>
        <source>save these pens and range under the name</source>
        <translation>以该名称保存这些曲线和时间范围</translation>
    </message>
    <message>
        <source>Delete set</source>
        <translation>删除曲线组</translation>
    </message>
    <message>
        <source>delete the named pen set</source>
        <translation>删除该名称的曲线组</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>导出 CSV</translation>
    </message>
    <message>
        <source>the visible range of every pen, from history</source>
        <translation>各曲线可见范围的历史数据</translation>
    </message>
    <message>
        <source>Export PNG</source>
        <translation>导出 PNG</translation>
    </message>
    <message>
        <source>a picture of the trend as shown</source>
        <translation>当前趋势的图片</translation>
    </message>
    <message>
        <source>Pen set</source>
        <translation>曲线组</translation>
    </message>
    <message>
        <source>{count} of 8 pens</source>
        <translation>{count}/8 条曲线</translation>
    </message>
    <message>
        <source>LIVE</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>PAUSED</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>loading history…</source>
        <translation>正在加载历史数据…</translation>
    </message>
    <message>
        <source>cursor {time}</source>
        <translation>光标 {time}</translation>
    </message>
    <message>
        <source>Export trend to {format}</source>
        <translation>将趋势导出为 {format}</translation>
    </message>
    <message>
        <source>{format} files (*.{suffix})</source>
        <translation>{format} 文件 (*.{suffix})</translation>
    </message>
    <message>
        <source>every recorded sample</source>
        <translation>全部记录样本</translation>
    </message>
    <message>
        <source>min/max per {span}</source>
        <translation>每 {span} 最小/最大值</translation>
    </message>
</context>
<context>
    <name>TrendView</name>
    <message>
        <source>no history on this console: live only</source>
        <translation>此操作员站没有历史数据：仅实时</translation>
    </message>
    <message>
        <source>pen set &apos;{name}&apos; saved</source>
        <translation>曲线组“{name}”已保存</translation>
    </message>
    <message>
        <source>pen set &apos;{name}&apos;: not in this project: {tags}</source>
        <translation>曲线组“{name}”：本项目中没有：{tags}</translation>
    </message>
    <message>
        <source>no history on this console: nothing to export</source>
        <translation>此操作员站没有历史数据：无可导出内容</translation>
    </message>
    <message>
        <source>exported {rows} rows to {path}</source>
        <translation>已导出 {rows} 行到 {path}</translation>
    </message>
    <message>
        <source>export failed: {why}</source>
        <translation>导出失败：{why}</translation>
    </message>
    <message>
        <source>saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>could not save {path}</source>
        <translation>无法保存 {path}</translation>
    </message>
    <message>
        <source>{behind}; the newest part is live values only</source>
        <translation>{behind}；最新部分仅为实时值</translation>
    </message>
</context>
</TS>
