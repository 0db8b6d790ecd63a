<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ComparisonView</name>
    <message>
        <source>Upset</source>
        <translation>扰动</translation>
    </message>
    <message>
        <source>Ack A</source>
        <translation>确认 A</translation>
    </message>
    <message>
        <source>Ack B</source>
        <translation>确认 B</translation>
    </message>
    <message>
        <source>B − A</source>
        <translation>B − A</translation>
    </message>
    <message>
        <source>Write A</source>
        <translation>写入 A</translation>
    </message>
    <message>
        <source>Write B</source>
        <translation>写入 B</translation>
    </message>
    <message>
        <source>Outside A</source>
        <translation>越限 A</translation>
    </message>
    <message>
        <source>Outside B</source>
        <translation>越限 B</translation>
    </message>
    <message>
        <source>Alarms A / B</source>
        <translation>报警 A / B</translation>
    </message>
    <message>
        <source>Overall</source>
        <translation>总体</translation>
    </message>
    <message>
        <source>Mean time to acknowledge</source>
        <translation>平均确认用时</translation>
    </message>
    <message>
        <source>Slowest acknowledgement</source>
        <translation>最慢确认</translation>
    </message>
    <message>
        <source>Mean time to the first write</source>
        <translation>平均首次写入用时</translation>
    </message>
    <message>
        <source>Outside the normal range</source>
        <translation>超出正常范围</translation>
    </message>
    <message>
        <source>Alarms raised</source>
        <translation>产生的报警</translation>
    </message>
    <message>
        <source>Acknowledgements</source>
        <translation>确认次数</translation>
    </message>
    <message>
        <source>Writes accepted</source>
        <translation>接受的写入</translation>
    </message>
    <message>
        <source>Writes refused</source>
        <translation>拒绝的写入</translation>
    </message>
    <message>
        <source>Upsets not acknowledged</source>
        <translation>未确认的扰动</translation>
    </message>
    <message>
        <source>Screen visits</source>
        <translation>画面访问</translation>
    </message>
    <message>
        <source>dd MMM HH:mm</source>
        <translation>M月d日 HH:mm</translation>
    </message>
    <message>
        <source>session {id} ({title}), trainee {trainee}, {when}, from {start}</source>
        <translation>培训 {id}（{title}），学员 {trainee}，{when}，起始于{start}</translation>
    </message>
    <message>
        <source>seconds after the upset started; B − A below zero: B was quicker</source>
        <translation>扰动开始后的秒数；B − A 小于零：B 更快</translation>
    </message>
    <message>
        <source>Per upset</source>
        <translation>各扰动</translation>
    </message>
    <message>
        <source>Choose two sessions of the same plan to compare them.</source>
        <translation>选择同一计划的两次培训进行比较。</translation>
    </message>
    <message>
        <source>Plan: {plan}</source>
        <translation>计划：{plan}</translation>
    </message>
    <message>
        <source>only in one session</source>
        <translation>仅出现在一次培训中</translation>
    </message>
</context>
<context>
    <name>DebriefView</name>
    <message>
        <source>Upset</source>
        <translation>扰动</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>At</source>
        <translation>时刻</translation>
    </message>
    <message>
        <source>By</source>
        <translation>启动方</translation>
    </message>
    <message>
        <source>First ack</source>
        <translation>首次确认</translation>
    </message>
    <message>
        <source>First write</source>
        <translation>首次写入</translation>
    </message>
    <message>
        <source>Left normal</source>
        <translation>越出正常</translation>
    </message>
    <message>
        <source>Outside</source>
        <translation>越限时长</translation>
    </message>
    <message>
        <source>Alarms</source>
        <translation>报警</translation>
    </message>
    <message>
        <source>Overall</source>
        <translation>总体</translation>
    </message>
    <message>
        <source>plan</source>
        <translation>计划</translation>
    </message>
    <message>
        <source>trainer</source>
        <translation>培训员</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>{seconds} after the start: {what}</source>
        <translation>开始后 {seconds}：{what}</translation>
    </message>
    <message>
        <source>… and {count} more</source>
        <translation>… 另有 {count} 条</translation>
    </message>
    <message>
        <source>yes, 1 tag</source>
        <translation>是，1 个位号</translation>
    </message>
    <message>
        <source>yes, {count} tags</source>
        <translation>是，{count} 个位号</translation>
    </message>
    <message>
        <source>not all back</source>
        <translation>未全部恢复</translation>
    </message>
    <message>
        <source>all back after {seconds} s</source>
        <translation>{seconds} s 后全部恢复</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Upsets</source>
        <translation>扰动数</translation>
    </message>
    <message>
        <source>Alarms raised</source>
        <translation>产生的报警</translation>
    </message>
    <message>
        <source>Acknowledgements (trainee)</source>
        <translation>确认次数（学员）</translation>
    </message>
    <message>
        <source>Mean / slowest time to acknowledge</source>
        <translation>平均 / 最慢确认用时</translation>
    </message>
    <message>
        <source>Mean time to the first corrective write</source>
        <translation>平均首次纠正写入用时</translation>
    </message>
    <message>
        <source>Writes accepted / refused</source>
        <translation>写入接受 / 拒绝</translation>
    </message>
    <message>
        <source>Shelving actions</source>
        <translation>搁置操作</translation>
    </message>
    <message>
        <source>Time outside the normal range</source>
        <translation>超出正常范围的时间</translation>
    </message>
    <message>
        <source>Screen visits</source>
        <translation>画面访问</translation>
    </message>
    <message>
        <source>Upsets never acknowledged / without a write</source>
        <translation>从未确认 / 无写入的扰动</translation>
    </message>
    <message>
        <source>Per upset</source>
        <translation>各扰动</translation>
    </message>
    <message>
        <source>seconds after the upset started</source>
        <translation>扰动开始后的秒数</translation>
    </message>
    <message>
        <source>Choose a session to see its debrief.</source>
        <translation>选择一次培训以查看其讲评。</translation>
    </message>
    <message>
        <source>&lt;b&gt;{title}&lt;/b&gt;: trainee &lt;b&gt;{trainee}&lt;/b&gt;, trainer {trainer}, {seconds} s at time factor {factor}, from {start}. Plan: {plan}.</source>
        <translation>&lt;b&gt;{title}&lt;/b&gt;：学员 &lt;b&gt;{trainee}&lt;/b&gt;，培训员 {trainer}，{seconds} s，时间倍率 {factor}，起始于{start}。计划：{plan}。</translation>
    </message>
    <message>
        <source>running at the end</source>
        <translation>结束时仍在运行</translation>
    </message>
    <message>
        <source>stopped after {seconds} s</source>
        <translation>{seconds} s 后停止</translation>
    </message>
    <message>
        <source>stayed in its normal range</source>
        <translation>保持在正常范围内</translation>
    </message>
    <message>
        <source>seconds into the session</source>
        <translation>培训开始后的秒数</translation>
    </message>
    <message>
        <source>started by the plan or live by the trainer</source>
        <translation>由计划启动或由培训员现场启动</translation>
    </message>
    <message>
        <source>no alarm of the area acknowledged by the trainee</source>
        <translation>学员未确认该区域的任何报警</translation>
    </message>
    <message>
        <source>no accepted write to a tag of the area</source>
        <translation>该区域位号没有被接受的写入</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>no alarms raised</source>
        <translation>未产生报警</translation>
    </message>
</context>
<context>
    <name>PlanTable</name>
    <message>
        <source>Scenario</source>
        <translation>工况</translation>
    </message>
    <message>
        <source>Start (s)</source>
        <translation>开始 (s)</translation>
    </message>
    <message>
        <source>Stop (s)</source>
        <translation>停止 (s)</translation>
    </message>
    <message>
        <source>Add upset</source>
        <translation>添加扰动</translation>
    </message>
    <message>
        <source>Another upset of the plan (the first scenario, at 0 s)</source>
        <translation>计划中再加一个扰动（第一个工况，0 s）</translation>
    </message>
    <message>
        <source>Remove upset</source>
        <translation>移除扰动</translation>
    </message>
    <message>
        <source>Remove the selected upset from the plan</source>
        <translation>从计划中移除所选扰动</translation>
    </message>
    <message>
        <source>{none}: runs until the trainer stops it or the session ends</source>
        <translation>{none}：一直运行，直到培训员停止或培训结束</translation>
    </message>
    <message>
        <source>Expected: {alarms}</source>
        <translation>预期报警：{alarms}</translation>
    </message>
    <message>
        <source>{title} ({area}, unfolds in about {minutes} min): {description} Expected: {alarms}</source>
        <translation>{title}（{area}，约 {minutes} min 展开）：{description} 预期报警：{alarms}</translation>
    </message>
    <message>
        <source>upset {row}: pick a scenario</source>
        <translation>扰动 {row}：请选择工况</translation>
    </message>
    <message>
        <source>upset {row}: {problem}</source>
        <translation>扰动 {row}：{problem}</translation>
    </message>
</context>
<context>
    <name>RunningView</name>
    <message>
        <source>Upset</source>
        <translation>扰动</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>计划</translation>
    </message>
    <message>
        <source>By</source>
        <translation>启动方</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>工况</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>plan</source>
        <translation>计划</translation>
    </message>
    <message>
        <source>trainer</source>
        <translation>培训员</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>running since {start} s</source>
        <translation>自 {start} s 起运行</translation>
    </message>
    <message>
        <source>ran {start}–{stop} s</source>
        <translation>运行于 {start}–{stop} s</translation>
    </message>
    <message>
        <source>live</source>
        <translation>现场</translation>
    </message>
    <message>
        <source>at {start} s</source>
        <translation>于 {start} s</translation>
    </message>
    <message>
        <source>at {start} s to {stop} s</source>
        <translation>于 {start} s 至 {stop} s</translation>
    </message>
    <message>
        <source>Session time (the plan&apos;s clock): minutes and seconds</source>
        <translation>培训时间（计划时钟）：分和秒</translation>
    </message>
    <message>
        <source>End session</source>
        <translation>结束培训</translation>
    </message>
    <message>
        <source>Stop the session&apos;s upsets and the recording; the plant stays where it is, at its previous speed</source>
        <translation>停止本次培训的扰动和记录；工厂保持当前状态，恢复原来的速度</translation>
    </message>
    <message>
        <source>Session time</source>
        <translation>培训时间</translation>
    </message>
    <message>
        <source>Upsets of this session</source>
        <translation>本次培训的扰动</translation>
    </message>
    <message>
        <source>Scenarios</source>
        <translation>工况</translation>
    </message>
    <message>
        <source>start or stop any of them now</source>
        <translation>可立即启动或停止其中任一工况</translation>
    </message>
    <message>
        <source>{title}: trainee {trainee}, trainer {trainer}, time factor {factor}, from {start}</source>
        <translation>{title}：学员 {trainee}，培训员 {trainer}，时间倍率 {factor}，起始于{start}</translation>
    </message>
    <message>
        <source>Expected: {alarms}</source>
        <translation>预期报警：{alarms}</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>启动</translation>
    </message>
    <message>
        <source>The session has ended.</source>
        <translation>培训已结束。</translation>
    </message>
    <message>
        <source>ACTIVE</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>{title} stopped at {time}.</source>
        <translation>{title} 于 {time} 停止。</translation>
    </message>
    <message>
        <source>{title} started at {time}.</source>
        <translation>{title} 于 {time} 启动。</translation>
    </message>
    <message>
        <source>Ending the session…</source>
        <translation>正在结束培训…</translation>
    </message>
    <message>
        <source>The session did not end cleanly: {error}</source>
        <translation>培训未能正常结束：{error}</translation>
    </message>
</context>
<context>
    <name>SessionsView</name>
    <message>
        <source>Session</source>
        <translation>培训</translation>
    </message>
    <message>
        <source>Trainee</source>
        <translation>学员</translation>
    </message>
    <message>
        <source>Trainer</source>
        <translation>培训员</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Factor</source>
        <translation>倍率</translation>
    </message>
    <message>
        <source>From</source>
        <translation>起始状态</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>计划</translation>
    </message>
    <message>
        <source>running or cut short</source>
        <translation>运行中或被中断</translation>
    </message>
    <message>
        <source>{minutes} min {seconds} s</source>
        <translation>{minutes} min {seconds} s</translation>
    </message>
    <message>
        <source>Debrief</source>
        <translation>讲评</translation>
    </message>
    <message>
        <source>Comparison</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Export PDF</source>
        <translation>导出 PDF</translation>
    </message>
    <message>
        <source>Print the debrief with its trends to PDF, then open it</source>
        <translation>将讲评及其趋势打印为 PDF 并打开</translation>
    </message>
    <message>
        <source>Replay on the console</source>
        <translation>在操作台上回放</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Side by side with the session chosen on the left</source>
        <translation>与左侧所选培训并排比较</translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation>比较对象</translation>
    </message>
    <message>
        <source>Stored sessions</source>
        <translation>已存储的培训</translation>
    </message>
    <message>
        <source>newest first; choose one for its debrief</source>
        <translation>最新在前；选择一次以查看讲评</translation>
    </message>
    <message>
        <source>End the running session first: a replay leaves the live plant</source>
        <translation>请先结束正在进行的培训：回放会离开实时工厂</translation>
    </message>
    <message>
        <source>Replay the session&apos;s time range on the console, its upsets and screen visits on the timeline (Back to live returns)</source>
        <translation>在操作台上回放本次培训的时间范围，扰动和画面访问显示在时间轴上（“返回实时”可返回）</translation>
    </message>
    <message>
        <source>no other session of this plan</source>
        <translation>该计划没有其他培训</translation>
    </message>
    <message>
        <source>Building the debrief of session {id}…</source>
        <translation>正在生成培训 {id} 的讲评…</translation>
    </message>
    <message>
        <source>No debrief of session {id}: {error}</source>
        <translation>培训 {id} 无讲评：{error}</translation>
    </message>
    <message>
        <source>Printing the debrief…</source>
        <translation>正在打印讲评…</translation>
    </message>
    <message>
        <source>No PDF: {error}</source>
        <translation>未生成 PDF：{error}</translation>
    </message>
    <message>
        <source>Debrief saved: {path} ({pages} pages)</source>
        <translation>讲评已保存：{path}（{pages} 页）</translation>
    </message>
    <message>
        <source>End the running session first: a replay leaves the live plant.</source>
        <translation>请先结束正在进行的培训：回放会离开实时工厂。</translation>
    </message>
    <message>
        <source>Not replayed: {error}</source>
        <translation>未回放：{error}</translation>
    </message>
    <message>
        <source>Replaying {title} on the console…</source>
        <translation>正在操作台上回放 {title}…</translation>
    </message>
    <message>
        <source>Not compared: {error}</source>
        <translation>未比较：{error}</translation>
    </message>
</context>
<context>
    <name>SetupView</name>
    <message>
        <source>user name of the trainee</source>
        <translation>学员的用户名</translation>
    </message>
    <message>
        <source>optional, e.g. &apos;night shift pump trips&apos;</source>
        <translation>可选，例如“夜班泵跳车”</translation>
    </message>
    <message>
        <source>name of a new snapshot</source>
        <translation>新快照的名称</translation>
    </message>
    <message>
        <source>Save snapshot</source>
        <translation>保存快照</translation>
    </message>
    <message>
        <source>Keep the plant as it is now, to start sessions from it</source>
        <translation>保存工厂当前状态，供培训从此开始</translation>
    </message>
    <message>
        <source>Delete snapshot</source>
        <translation>删除快照</translation>
    </message>
    <message>
        <source>Remove the chosen snapshot (sessions keep its name)</source>
        <translation>删除所选快照（培训记录保留其名称）</translation>
    </message>
    <message>
        <source>Plant seconds per second: 10 × runs an hour of plant in 6 min</source>
        <translation>每秒对应的工厂秒数：10 × 在 6 min 内运行工厂一小时</translation>
    </message>
    <message>
        <source>Start session</source>
        <translation>开始培训</translation>
    </message>
    <message>
        <source>Trainee</source>
        <translation>学员</translation>
    </message>
    <message>
        <source>Session name</source>
        <translation>培训名称</translation>
    </message>
    <message>
        <source>Starting state</source>
        <translation>起始状态</translation>
    </message>
    <message>
        <source>Time factor</source>
        <translation>时间倍率</translation>
    </message>
    <message>
        <source>logs in at the console under this name</source>
        <translation>以此名称登录操作台</translation>
    </message>
    <message>
        <source>plant seconds per second; plan times are session seconds</source>
        <translation>每秒对应的工厂秒数；计划时间为培训秒数</translation>
    </message>
    <message>
        <source>Scenario plan</source>
        <translation>工况计划</translation>
    </message>
    <message>
        <source>{reason}: no training.</source>
        <translation>{reason}：无法培训。</translation>
    </message>
    <message>
        <source>The training set-up is not readable now: {error}</source>
        <translation>目前无法读取培训设置：{error}</translation>
    </message>
    <message>
        <source>Steady state (the plant as it starts)</source>
        <translation>稳态（工厂启动时的状态）</translation>
    </message>
    <message>
        <source>dd MMM HH:mm</source>
        <translation>M月d日 HH:mm</translation>
    </message>
    <message>
        <source>Snapshot &apos;{name}&apos; ({when}, {user})</source>
        <translation>快照“{name}”（{when}，{user}）</translation>
    </message>
    <message>
        <source>Pick a trainee: the user name the trainee logs in with.</source>
        <translation>请选择学员：学员登录所用的用户名。</translation>
    </message>
    <message>
        <source>A snapshot needs a name.</source>
        <translation>快照需要名称。</translation>
    </message>
    <message>
        <source>Snapshot not saved: {error}</source>
        <translation>快照未保存：{error}</translation>
    </message>
    <message>
        <source>Snapshot &apos;{name}&apos; saved: sessions can start from it.</source>
        <translation>快照“{name}”已保存：培训可从此开始。</translation>
    </message>
    <message>
        <source>Snapshot not deleted: {error}</source>
        <translation>快照未删除：{error}</translation>
    </message>
    <message>
        <source>Snapshot &apos;{name}&apos; deleted.</source>
        <translation>快照“{name}”已删除。</translation>
    </message>
    <message>
        <source>Putting the plant in its starting state ({state})…</source>
        <translation>正在将工厂置于起始状态（{state}）…</translation>
    </message>
    <message>
        <source>Not started: {error}</source>
        <translation>未开始：{error}</translation>
    </message>
</context>
<context>
    <name>TrainerPanel</name>
    <message>
        <source>Session</source>
        <translation>培训</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>培训记录</translation>
    </message>
    <message>
        <source>Trainer — {project} — {name}</source>
        <translation>培训员 — {project} — {name}</translation>
    </message>
    <message>
        <source>Trainer &lt;b&gt;{name}&lt;/b&gt; ({role}). Keep this window on the trainer&apos;s screen: the trainee works at the console, logged in under their own name.</source>
        <translation>培训员 &lt;b&gt;{name}&lt;/b&gt;（{role}）。请将此窗口放在培训员的屏幕上：学员在操作台上以自己的用户名登录操作。</translation>
    </message>
    <message>
        <source>{title} was ended elsewhere: its debrief is under Sessions.</source>
        <translation>{title} 已在别处结束：讲评见“培训记录”。</translation>
    </message>
    <message>
        <source>{title} ended after {seconds} s: its debrief is under Sessions.</source>
        <translation>{title} 在 {seconds} s 后结束：讲评见“培训记录”。</translation>
    </message>
</context>
<context>
    <name>Training</name>
    <message>
        <source>Session {id}</source>
        <translation>培训 {id}</translation>
    </message>
    <message>
        <source>steady state</source>
        <translation>稳态</translation>
    </message>
    <message>
        <source>snapshot {name}</source>
        <translation>快照 {name}</translation>
    </message>
    <message>
        <source>Training: log in as a supervisor or above first</source>
        <translation>培训：请先以值长或以上角色登录</translation>
    </message>
    <message>
        <source>Training: {name} ({role}) may not start training scenarios</source>
        <translation>培训：{name}（{role}）无权启动培训工况</translation>
    </message>
    <message>
        <source>Training: not while replaying (back to live first)</source>
        <translation>培训：回放时不可用（请先返回实时）</translation>
    </message>
    <message>
        <source>Training session {id} on the simulated plant: trainee {trainee}, trainer {trainer}, time factor {factor}, from {start}. Values are simulated, not the plant&apos;s. The trainer ends it in the trainer panel (Ctrl+T).</source>
        <translation>仿真工厂上的培训 {id}：学员 {trainee}，培训员 {trainer}，时间倍率 {factor}，起始于{start}。数值为仿真值，并非工厂实际值。培训员在培训员面板中结束培训（Ctrl+T）。</translation>
    </message>
</context>
</TS>
