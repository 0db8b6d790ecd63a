<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AuditActions</name>
    <message>
        <source>write</source>
        <translation>写入</translation>
    </message>
    <message>
        <source>write_intent</source>
        <translation>写入意图</translation>
    </message>
    <message>
        <source>write_refused</source>
        <translation>写入被拒</translation>
    </message>
    <message>
        <source>login</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>login_failed</source>
        <translation>登录失败</translation>
    </message>
    <message>
        <source>logout</source>
        <translation>注销</translation>
    </message>
    <message>
        <source>session_locked</source>
        <translation>会话锁定</translation>
    </message>
    <message>
        <source>user_added</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <source>password_changed</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>user_change_refused</source>
        <translation>用户变更被拒</translation>
    </message>
    <message>
        <source>alarm_acknowledge</source>
        <translation>报警确认</translation>
    </message>
    <message>
        <source>alarm_acknowledge_group</source>
        <translation>报警成组确认</translation>
    </message>
    <message>
        <source>alarm_acknowledge_all</source>
        <translation>报警全部确认</translation>
    </message>
    <message>
        <source>alarm_shelve</source>
        <translation>报警搁置</translation>
    </message>
    <message>
        <source>alarm_unshelve</source>
        <translation>解除搁置</translation>
    </message>
    <message>
        <source>alarm_reset</source>
        <translation>报警复位</translation>
    </message>
    <message>
        <source>alarm_out_of_service</source>
        <translation>报警停用</translation>
    </message>
    <message>
        <source>alarm_return_to_service</source>
        <translation>报警恢复投用</translation>
    </message>
    <message>
        <source>force</source>
        <translation>强制</translation>
    </message>
    <message>
        <source>force_release</source>
        <translation>解除强制</translation>
    </message>
    <message>
        <source>force_expired</source>
        <translation>强制到期</translation>
    </message>
    <message>
        <source>force_refused</source>
        <translation>强制被拒</translation>
    </message>
    <message>
        <source>simulate</source>
        <translation>仿真替代</translation>
    </message>
    <message>
        <source>loopcheck_point</source>
        <translation>回路检查点</translation>
    </message>
    <message>
        <source>loopcheck_failed</source>
        <translation>回路检查不合格</translation>
    </message>
    <message>
        <source>loopcheck_refused</source>
        <translation>回路检查被拒</translation>
    </message>
    <message>
        <source>shift_note</source>
        <translation>班报备注</translation>
    </message>
    <message>
        <source>shift_report</source>
        <translation>生成班报</translation>
    </message>
    <message>
        <source>server_takeover</source>
        <translation>服务器接管</translation>
    </message>
    <message>
        <source>training_save_snapshot</source>
        <translation>保存培训快照</translation>
    </message>
    <message>
        <source>training_delete_snapshot</source>
        <translation>删除培训快照</translation>
    </message>
    <message>
        <source>training_start</source>
        <translation>开始培训</translation>
    </message>
    <message>
        <source>training_start_upset</source>
        <translation>触发工况扰动</translation>
    </message>
    <message>
        <source>training_stop_upset</source>
        <translation>停止工况扰动</translation>
    </message>
    <message>
        <source>training_end</source>
        <translation>结束培训</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>成功</translation>
    </message>
</context>
<context>
    <name>AuditButton</name>
    <message>
        <source>Audit</source>
        <translation>审计</translation>
    </message>
    <message>
        <source>Audit trail (supervisors and up)</source>
        <translation>审计追踪（值长及以上）</translation>
    </message>
</context>
<context>
    <name>AuditView</name>
    <message>
        <source>Seq</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation>操作站</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>位号</translation>
    </message>
    <message>
        <source>Old</source>
        <translation>原值</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新值</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
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
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>outcome unknown</source>
        <translation>结果未知</translation>
    </message>
    <message>
        <source>{result} (record {seq})</source>
        <translation>{result}（记录 {seq}）</translation>
    </message>
    <message>
        <source>Verified: {message}</source>
        <translation>已校验：{message}</translation>
    </message>
    <message>
        <source>AUDIT TRAIL TAMPERED — {message}</source>
        <translation>审计追踪遭篡改 — {message}</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>审计追踪</translation>
    </message>
    <message>
        <source>Verify again</source>
        <translation>重新校验</translation>
    </message>
    <message>
        <source>user</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>exact tag name</source>
        <translation>完整位号</translation>
    </message>
    <message>
        <source>any action</source>
        <translation>任意操作</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>时段</translation>
    </message>
    <message>
        <source>{count} records, newest first</source>
        <translation>{count} 条记录，最新在前</translation>
    </message>
</context>
<context>
    <name>ConnectionsView</name>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>端点</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>位号数</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>RTT ms (mean / max)</source>
        <translation>往返 ms（平均 / 最大）</translation>
    </message>
    <message>
        <source>Overruns</source>
        <translation>超时未完成</translation>
    </message>
    <message>
        <source>Detail / last error</source>
        <translation>详情 / 最近错误</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>连接中</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>reconnecting</source>
        <translation>重连中</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>simulator</source>
        <translation>仿真器</translation>
    </message>
    <message>
        <source>sim</source>
        <translation>仿真</translation>
    </message>
    <message>
        <source>in-process</source>
        <translation>进程内</translation>
    </message>
    <message>
        <source>modbus</source>
        <translation>Modbus</translation>
    </message>
    <message>
        <source>opcua</source>
        <translation>OPC UA</translation>
    </message>
    <message>
        <source>mqtt</source>
        <translation>MQTT</translation>
    </message>
    <message>
        <source>state: {state}</source>
        <translation>状态：{state}</translation>
    </message>
    <message>
        <source>requests {requests}, errors {errors}, reconnects {reconnects}</source>
        <translation>请求 {requests} 次，错误 {errors} 次，重连 {reconnects} 次</translation>
    </message>
    <message>
        <source>round trip {mean} ms mean, {max} ms max</source>
        <translation>往返时间平均 {mean} ms，最大 {max} ms</translation>
    </message>
    <message>
        <source>last error: {error}</source>
        <translation>最近错误：{error}</translation>
    </message>
</context>
<context>
    <name>HistoryStateView</name>
    <message>
        <source>History: not recorded on this console (replay, no history, or the control room&apos;s server records it)</source>
        <translation>历史：本操作台不记录（回放中、未启用历史，或由控制室服务器记录）</translation>
    </message>
    <message>
        <source>{samples} samples waiting, {megabytes} MB on disk</source>
        <translation>{samples} 个样本等待中，磁盘上 {megabytes} MB</translation>
    </message>
    <message>
        <source>{samples} samples waiting</source>
        <translation>{samples} 个样本等待中</translation>
    </message>
    <message>
        <source>History: {seconds} s behind ({waiting})</source>
        <translation>历史：落后 {seconds} s（{waiting}）</translation>
    </message>
    <message>
        <source>, {dropped} samples lost</source>
        <translation>，丢失 {dropped} 个样本</translation>
    </message>
    <message>
        <source>no tags to record</source>
        <translation>没有要记录的位号</translation>
    </message>
    <message>
        <source>History: nothing is recorded: {problem}</source>
        <translation>历史：未记录任何数据：{problem}</translation>
    </message>
    <message>
        <source>History: recording; {stored} samples stored in {transactions} transactions, last {last} ms (max {max} ms)</source>
        <translation>历史：记录中；已在 {transactions} 个事务中存储 {stored} 个样本，最近一次 {last} ms（最大 {max} ms）</translation>
    </message>
    <message>
        <source>{dropped} samples lost while the store was away</source>
        <translation>存储不可用期间丢失 {dropped} 个样本</translation>
    </message>
</context>
<context>
    <name>PairView</name>
    <message>
        <source>primary</source>
        <translation>主用</translation>
    </message>
    <message>
        <source>standby</source>
        <translation>备用</translation>
    </message>
    <message>
        <source>fenced</source>
        <translation>已隔离</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>{instance} on {host}: {role} since {since}</source>
        <translation>{instance}（{host}）：自 {since} 起为{role}</translation>
    </message>
    <message>
        <source>Servers: one server (not a redundant pair)</source>
        <translation>服务器：单台服务器（非冗余配对）</translation>
    </message>
    <message>
        <source>Servers:</source>
        <translation>服务器：</translation>
    </message>
    <message>
        <source>Last takeovers:</source>
        <translation>最近接管：</translation>
    </message>
</context>
<context>
    <name>ScenarioList</name>
    <message>
        <source>Scenario</source>
        <translation>工况</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Unfolds in</source>
        <translation>展开用时</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>scenarios run on the control room&apos;s server (where the field simulator runs): not started from this console</source>
        <translation>工况在控制室服务器上运行（现场仿真器所在处）：不从本操作台启动</translation>
    </message>
    <message>
        <source>not running on the field simulator: no scenarios</source>
        <translation>未在现场仿真器上运行：无工况</translation>
    </message>
    <message>
        <source>scenarios are read while the console runs</source>
        <translation>操作台运行时读取工况</translation>
    </message>
    <message>
        <source>field simulator: {error}</source>
        <translation>现场仿真器：{error}</translation>
    </message>
    <message>
        <source>{count} scenarios on the field simulator, {active} active (started by a trainer; read-only here)</source>
        <translation>现场仿真器上有 {count} 个工况，{active} 个运行中（由培训员启动；此处只读）</translation>
    </message>
    <message>
        <source>ACTIVE</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Expected: {alarms}</source>
        <translation>预期报警：{alarms}</translation>
    </message>
</context>
<context>
    <name>TagBrowser</name>
    <message>
        <source>Search tags by name or description (* wildcard)</source>
        <translation>按位号或描述搜索（* 为通配符）</translation>
    </message>
    <message>
        <source>All areas</source>
        <translation>全部区域</translation>
    </message>
    <message>
        <source>{shown} of {total} tags</source>
        <translation>{shown} / {total} 个位号</translation>
    </message>
</context>
<context>
    <name>TagTableModel</name>
    <message>
        <source>Tag</source>
        <translation>位号</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>质量</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
</context>
</TS>
