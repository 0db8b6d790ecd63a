<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>OpenRecordingDialog</name>
    <message>
        <source>Open recording</source>
        <translation>打开记录</translation>
    </message>
    <message>
        <source>A recording file</source>
        <translation>记录文件</translation>
    </message>
    <message>
        <source>This console&apos;s history, by time range</source>
        <translation>本操作台的历史，按时间范围</translation>
    </message>
    <message>
        <source>recording file (.db), e.g. made by main.py record</source>
        <translation>记录文件（.db），例如由 main.py record 生成</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>from</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Recordings (*.db);;All (*)</source>
        <translation>记录文件 (*.db);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>Choose a recording file.</source>
        <translation>请选择一个记录文件。</translation>
    </message>
    <message>
        <source>Not opened: {reason}</source>
        <translation>未打开：{reason}</translation>
    </message>
</context>
<context>
    <name>ReplayBar</name>
    <message>
        <source>dd MMM HH:mm:ss</source>
        <translation>M月d日 HH:mm:ss</translation>
    </message>
    <message>
        <source> or </source>
        <translation> 或 </translation>
    </message>
    <message>
        <source>{tip} ({keys})</source>
        <translation>{tip}（{keys}）</translation>
    </message>
    <message>
        <source>|◀ Alarm</source>
        <translation>|◀ 报警</translation>
    </message>
    <message>
        <source>Go to the previous alarm</source>
        <translation>转到上一条报警</translation>
    </message>
    <message>
        <source>◀ Step</source>
        <translation>◀ 单步</translation>
    </message>
    <message>
        <source>Step back one second of play; Shift: a minute</source>
        <translation>后退一秒播放时间；Shift：一分钟</translation>
    </message>
    <message>
        <source>Step ▶</source>
        <translation>单步 ▶</translation>
    </message>
    <message>
        <source>Step forward one second of play; Shift: a minute</source>
        <translation>前进一秒播放时间；Shift：一分钟</translation>
    </message>
    <message>
        <source>Alarm ▶|</source>
        <translation>报警 ▶|</translation>
    </message>
    <message>
        <source>Go to the next alarm</source>
        <translation>转到下一条报警</translation>
    </message>
    <message>
        <source>Slower</source>
        <translation>减速</translation>
    </message>
    <message>
        <source>Faster</source>
        <translation>加速</translation>
    </message>
    <message>
        <source>Replay speed, {low}x to {high}x (+ and -)</source>
        <translation>回放速度，{low}x 至 {high}x（+ 和 -）</translation>
    </message>
    <message>
        <source>Time in the recording</source>
        <translation>记录中的时间</translation>
    </message>
    <message>
        <source>Bookmark…</source>
        <translation>书签…</translation>
    </message>
    <message>
        <source>Add a bookmark with a note here</source>
        <translation>在此处添加带备注的书签</translation>
    </message>
    <message>
        <source>The bookmarks of this recording: choose one to go there</source>
        <translation>本记录的书签：选择一个即转到该处</translation>
    </message>
    <message>
        <source>Back to live</source>
        <translation>返回实时</translation>
    </message>
    <message>
        <source>Leave the replay: the plant as it is now</source>
        <translation>退出回放：显示工厂当前状态</translation>
    </message>
    <message>
        <source>❚❚ Pause</source>
        <translation>❚❚ 暂停</translation>
    </message>
    <message>
        <source>▶ Play</source>
        <translation>▶ 播放</translation>
    </message>
    <message>
        <source>Play or pause</source>
        <translation>播放或暂停</translation>
    </message>
    <message>
        <source>replay: {error}</source>
        <translation>回放：{error}</translation>
    </message>
    <message>
        <source>no next alarm</source>
        <translation>没有下一条报警</translation>
    </message>
    <message>
        <source>no previous alarm</source>
        <translation>没有上一条报警</translation>
    </message>
    <message>
        <source>alarm at {time}</source>
        <translation>报警于 {time}</translation>
    </message>
    <message>
        <source>Bookmark</source>
        <translation>书签</translation>
    </message>
    <message>
        <source>Note for {time}:</source>
        <translation>{time} 的备注：</translation>
    </message>
    <message>
        <source>bookmark at {time}</source>
        <translation>书签于 {time}</translation>
    </message>
    <message>
        <source>bookmark deleted</source>
        <translation>书签已删除</translation>
    </message>
    <message>
        <source>Delete a bookmark</source>
        <translation>删除书签</translation>
    </message>
    <message>
        <source>Bookmarks ({count})</source>
        <translation>书签（{count}）</translation>
    </message>
    <message>
        <source>opening…</source>
        <translation>正在打开…</translation>
    </message>
    <message>
        <source>PLAYING {speed}x</source>
        <translation>播放中 {speed}x</translation>
    </message>
    <message>
        <source>ENDED</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>PAUSED</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>, {seconds} s behind</source>
        <translation>，落后 {seconds} s</translation>
    </message>
</context>
<context>
    <name>ReplayTimeline</name>
    <message>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <source>S</source>
        <translation>S</translation>
    </message>
    <message>
        <source>W</source>
        <translation>W</translation>
    </message>
    <message>
        <source>D</source>
        <translation>D</translation>
    </message>
    <message>
        <source>U</source>
        <translation>U</translation>
    </message>
    <message>
        <source>C</source>
        <translation>C</translation>
    </message>
    <message>
        <source>ack</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>clear</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>shelve</source>
        <translation>搁置</translation>
    </message>
    <message>
        <source>write</source>
        <translation>写入</translation>
    </message>
    <message>
        <source>screen</source>
        <translation>画面</translation>
    </message>
    <message>
        <source>upset</source>
        <translation>扰动</translation>
    </message>
    <message>
        <source>Markers: alarms by priority · A ack · S shelve · W write · D screen · U upset · flag: bookmark · grey band: alarm flood</source>
        <translation>标记：按优先级的报警 · A 确认 · S 搁置 · W 写入 · D 画面 · U 扰动 · 旗标：书签 · 灰色带：报警泛滥</translation>
    </message>
    <message>
        <source>alarm P{priority}</source>
        <translation>报警 P{priority}</translation>
    </message>
    <message>
        <source>dd MMM</source>
        <translation>M月d日</translation>
    </message>
    <message>
        <source>period</source>
        <translation>时段</translation>
    </message>
    <message>
        <source>{time} — click or drag to go there</source>
        <translation>{time} — 单击或拖动以转到该处</translation>
    </message>
</context>
</TS>
