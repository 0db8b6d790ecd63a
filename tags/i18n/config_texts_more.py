"""More of the project check's problems: alarms, screens, plant analytics, area reports,
source addresses, the OPC UA servers and the check command's own lines."""

from __future__ import annotations

from tags.i18n.language import Language

EN, ZH = Language.EN, Language.ZH_CN

CONFIG_MORE_MESSAGES: dict[str, dict[Language, str]] = {
    # alarms -------------------------------------------------------------------------------------
    "config.alarm.table": {
        EN: "must be a table of alarms (lolo, lo, hi, hihi, dev_*, roc, ...)",
        ZH: "必须是报警表（lolo、lo、hi、hihi、dev_*、roc 等）",
    },
    "config.alarm.kind": {
        EN: "unknown alarm kind (known: {known})",
        ZH: "未知报警类型（可用：{known}）",
    },
    "config.alarm.key": {
        EN: "unknown key (known: {known}; message, consequence and action also in Chinese as "
        "message_zh ...)",
        ZH: "未知键（可用：{known}；message、consequence、action 的中文写作 message_zh 等）",
    },
    "config.alarm.state": {
        EN: "a discrete alarm needs state = <value that alarms>",
        ZH: "开关量报警需要 state = <报警值>",
    },
    "config.alarm.numeric": {
        EN: "a {kind} alarm needs a numeric tag, not {type}",
        ZH: "{kind} 报警需要数值型位号，不能是 {type}",
    },
    "config.alarm.limit": {EN: "missing or not a number", ZH: "缺失或不是数字"},
    "config.alarm.distance": {
        EN: "must be above 0 (it is a distance, not a level)",
        ZH: "必须大于 0（它是偏差量，不是限值）",
    },
    "config.alarm.setpoint": {
        EN: 'a deviation alarm needs setpoint = "<tag name>"',
        ZH: '偏差报警需要 setpoint = "<位号名>"',
    },
    "config.alarm.no_setpoint": {
        EN: "only deviation alarms take a setpoint",
        ZH: "只有偏差报警才有 setpoint",
    },
    "config.alarm.translation": {
        EN: "a translation of no text: give {key}",
        ZH: "没有原文的译文：请给出 {key}",
    },
    "config.alarm.signal": {
        EN: "unknown signal type '{signal}' (known: {known})",
        ZH: "未知信号类型“{signal}”（可用：{known}）",
    },
    "config.alarm.suppress_when": {
        EN: 'must be a condition ("TAG < 1") or a list of them',
        ZH: '必须是条件（"TAG < 1"）或条件列表',
    },
    "config.alarm.suppress_mode": {EN: "must be any or all", ZH: "必须是 any 或 all"},
    "config.alarm.realarm": {
        EN: "must be a number of at least 0 (0: never)",
        ZH: "必须是不小于 0 的数字（0：从不）",
    },
    "config.alarm.condition": {
        EN: "'{text}' is not a condition: {syntax}",
        ZH: "“{text}”不是条件：{syntax}",
    },
    "config.alarm.syntax": {
        EN: 'write TAG OP NUMBER, e.g. "AREA.RECT1.IDC < 1" (OP: <, <=, >, >=, ==, !=)',
        ZH: '写作 TAG OP NUMBER，如 "AREA.RECT1.IDC < 1"（OP：<、<=、>、>=、==、!=）',
    },
    "config.alarm.not_numeric": {EN: "'{tag}' is not a numeric tag", ZH: "“{tag}”不是数值型位号"},
    "config.alarm.not_numeric_or_bool": {
        EN: "'{tag}' is not a numeric or bool tag",
        ZH: "“{tag}”不是数值型或开关量位号",
    },
    "config.alarm.self_loop": {
        EN: "suppression loop: the condition reads {tag} itself, so the alarm would hide its "
        "own upset",
        ZH: "抑制循环：条件读取 {tag} 自身，报警会掩盖自己的异常",
    },
    "config.alarm.loop": {
        EN: "suppression loop: {chain} (these tags' alarms suppress one another)",
        ZH: "抑制循环：{chain}（这些位号的报警相互抑制）",
    },
    "config.alarm.defaults": {
        EN: "must be tables such as [process_alarms.defaults.flow]",
        ZH: "必须是表，如 [process_alarms.defaults.flow]",
    },
    "config.alarm.default_table": {
        EN: "must be a table (deadband_percent, on_delay, off_delay)",
        ZH: "必须是表（deadband_percent、on_delay、off_delay）",
    },
    "config.alarm.flood_end": {
        EN: "must not be above flood_begin",
        ZH: "不得高于 flood_begin",
    },
    # screens ------------------------------------------------------------------------------------
    "config.screen.array": {
        EN: "must be an array of tables: [[screens]] key = ... title = ...",
        ZH: "必须是表数组：[[screens]] key = ... title = ...",
    },
    "config.screen.twice": {EN: "'{key}' is declared twice", ZH: "“{key}”重复声明"},
    "config.screen.function_key_taken": {
        EN: "{function_key} is already the key of '{other}'",
        ZH: "{function_key} 已是“{other}”的按键",
    },
    "config.screen.key": {
        EN: "missing or not a screen key (lower-case letters, digits, - _)",
        ZH: "缺失或不是画面键（小写字母、数字、- _）",
    },
    "config.screen.title": {
        EN: "missing: the title shown on the screen's button",
        ZH: "缺失：画面按钮上显示的标题",
    },
    "config.screen.level": {
        EN: "must be 1 (overview), 2 (area), 3 (detail) or 4 (diagnostics)",
        ZH: "必须是 1（总貌）、2（区域）、3（细目）或 4（诊断）",
    },
    "config.screen.area": {
        EN: "{area} is not an area of the project (areas: {known})",
        ZH: "{area} 不是项目中的区域（区域：{known}）",
    },
    "config.screen.function_key": {
        EN: "{function_key}: must be one of F1 ... F12",
        ZH: "{function_key}：必须是 F1 ... F12 之一",
    },
    "config.screen.builtin_or_file": {
        EN: 'give exactly one of builtin = "<screen name>" or file = "<path>"',
        ZH: '只能给出 builtin = "<画面名>" 或 file = "<路径>" 其中之一',
    },
    "config.screen.no_file": {
        EN: "'{file}': no such file beside the project",
        ZH: "“{file}”：项目旁没有此文件",
    },
    "config.screen.builtin": {
        EN: "'{builtin}' is not a screen of the console (built in: {known})",
        ZH: "“{builtin}”不是操作台的画面（内置：{known}）",
    },
    # plant analytics ----------------------------------------------------------------------------
    "config.analytics.timezone": {
        EN: "must be a time zone name such as Asia/Shanghai (or empty)",
        ZH: "必须是时区名称，如 Asia/Shanghai（或留空）",
    },
    "config.analytics.moved": {
        EN: "moved: declare it per area as {key} in [{section}.energy.areas.<AREA>] "
        "(see the project's energy areas)",
        ZH: "已移动：请在各区域的 [{section}.energy.areas.<AREA>] 中声明为 {key}"
        "（见项目的能耗区域）",
    },
    "config.analytics.time_of_day": {
        EN: "'{text}' is not a time of day such as 06:00",
        ZH: "“{text}”不是时刻（如 06:00）",
    },
    "config.analytics.period": {
        EN: "'{text}' is not a period such as 23:00-07:00",
        ZH: "“{text}”不是时段（如 23:00-07:00）",
    },
    "config.analytics.empty_period": {EN: "'{text}' is an empty period", ZH: "“{text}”是空时段"},
    "config.analytics.shift_starts": {
        EN: "give one or more distinct times in order",
        ZH: "请按顺序给出一个或多个不同的时刻",
    },
    "config.analytics.shift_names": {
        EN: "give one name per shift start",
        ZH: "每个班次开始时刻需对应一个名称",
    },
    "config.analytics.shift_names_zh": {
        EN: "give one Chinese name per shift start (or none)",
        ZH: "每个班次开始时刻需对应一个中文名称（或全部不给）",
    },
    "config.energy.areas": {EN: "must be a table of areas", ZH: "必须是区域表"},
    "config.energy.kind_missing": {EN: "missing (one of {kinds})", ZH: "缺失（{kinds} 之一）"},
    "config.energy.non_empty": {EN: "must be non-empty text", ZH: "必须是非空文本"},
    "config.energy.product_unit": {
        EN: "a {kind} area's product is in {unit}",
        ZH: "{kind} 区域的产品单位是 {unit}",
    },
    "config.energy.plan": {
        EN: "must be a number 0..1e9 (0: no plan)",
        ZH: "必须是 0..1e9 的数字（0：无计划）",
    },
    "config.energy.targets": {
        EN: 'must be a table of figure = {{ value = ..., better = "lower" }}',
        ZH: '必须是 figure = {{ value = ..., better = "lower" }} 形式的表',
    },
    "config.energy.figure": {
        EN: "unknown figure (known: {known})",
        ZH: "未知指标（可用：{known}）",
    },
    "config.energy.target": {
        EN: 'must be {{ value = ..., better = "lower" or "higher" }}',
        ZH: '必须是 {{ value = ..., better = "lower" 或 "higher" }}',
    },
    "config.energy.better": {
        EN: 'must be "lower" or "higher"',
        ZH: '必须是 "lower" 或 "higher"',
    },
    "config.energy.power": {
        EN: "give a power tag or a specific consumption per tonne",
        ZH: "请给出功率位号或吨单耗",
    },
    "config.energy.unit": {
        EN: "{tag} is in '{unit}', the calculation needs {allowed}",
        ZH: "{tag} 的单位是“{unit}”，计算需要 {allowed}",
    },
    "config.energy.or": {EN: " or ", ZH: " 或 "},
    "config.units.stopped_when": {
        EN: 'must be a condition or a list, e.g. "A.B.RUN == 0"',
        ZH: '必须是条件或条件列表，如 "A.B.RUN == 0"',
    },
    "config.units.table": {
        EN: 'must be a table of units, e.g. [units."Turbine loop"]',
        ZH: '必须是设备单元表，如 [units."Turbine loop"]',
    },
    "config.units.unit": {
        EN: "must be a table with tags and stopped_when",
        ZH: "必须是含 tags 和 stopped_when 的表",
    },
    "config.units.tags": {
        EN: 'must be a list of tag-name patterns, e.g. ["AREA.TURB.*"]',
        ZH: '必须是位号名称模式列表，如 ["AREA.TURB.*"]',
    },
    # area reports -------------------------------------------------------------------------------
    "config.report.array": {
        EN: "must be an array of tables: [[{where}]] {example}",
        ZH: "必须是表数组：[[{where}]] {example}",
    },
    "config.report.table": {
        EN: "must be a table with trend and downtime arrays",
        ZH: "必须是含 trend 和 downtime 数组的表",
    },
    "config.report.title": {EN: "missing: the chart's title", ZH: "缺失：曲线图标题"},
    "config.report.tags": {
        EN: 'missing: the tags the chart draws, e.g. ["AREA.KILN.T"]',
        ZH: '缺失：曲线图绘制的位号，如 ["AREA.KILN.T"]',
    },
    "config.report.unit": {
        EN: "missing: the unit's name, e.g. AREA.KILN",
        ZH: "缺失：设备单元名称，如 AREA.KILN",
    },
    "config.report.unit_title": {EN: "the unit's name in the report", ZH: "报表中的设备单元名称"},
    "config.report.product": {
        EN: 'missing: what a stop loses, with its unit, e.g. "t AHF"',
        ZH: '缺失：停机损失的产品及其单位，如 "t AHF"',
    },
    "config.report.running": {
        EN: "must be the name of the unit's throughput tag",
        ZH: "必须是设备单元产量位号的名称",
    },
    "config.report.running_or_stopped": {
        EN: 'give exactly one of running = "<tag>" or stopped_when = "<condition>"',
        ZH: '只能给出 running = "<位号>" 或 stopped_when = "<条件>" 其中之一',
    },
    "config.report.tag_list": {EN: "must be a list of tag names", ZH: "必须是位号名称列表"},
    "config.report.rate_factor": {EN: "must be a number above 0", ZH: "必须是大于 0 的数字"},
    "config.report.stopped_mode": {EN: "only with stopped_when", ZH: "仅与 stopped_when 同用"},
    "config.report.normal_band": {
        EN: "{tag} has no normal band (normal = [low, high]) to judge a stop by; give it one "
        "or use stopped_when",
        ZH: "{tag} 没有用于判断停机的正常范围（normal = [low, high]）；请给出或改用 stopped_when",
    },
    # source addresses ---------------------------------------------------------------------------
    "config.address": {EN: "'{uri}': {why}", ZH: "“{uri}”：{why}"},
    "config.address.form": {
        EN: "expected scheme://connection/path (modbus, opcua or sim)",
        ZH: "格式应为 scheme://connection/path（modbus、opcua 或 sim）",
    },
    "config.address.scheme": {
        EN: "unknown scheme '{scheme}' (expected one of {known})",
        ZH: "未知协议“{scheme}”（应为 {known} 之一）",
    },
    "config.address.connection": {EN: "missing connection name", ZH: "缺少连接名称"},
    "config.address.node_id": {
        EN: "expected a node id such as ns=2;s=Area.Unit.Point",
        ZH: "应为节点 ID，如 ns=2;s=Area.Unit.Point",
    },
    "config.address.twice": {
        EN: "parameter '{key}' given twice",
        ZH: "参数“{key}”重复给出",
    },
    "config.address.model": {
        EN: "missing model (signal, memory or a plant name)",
        ZH: "缺少模型（signal、memory 或装置名）",
    },
    "config.address.point": {
        EN: "missing point name after the model",
        ZH: "模型后缺少点名",
    },
    "config.address.table": {
        EN: "unknown table '{table}' (expected co, di, hr or ir)",
        ZH: "未知表“{table}”（应为 co、di、hr 或 ir）",
    },
    "config.address.path": {
        EN: "expected /<unit id>/<co|di|hr|ir>/<offset>",
        ZH: "应为 /<unit id>/<co|di|hr|ir>/<offset>",
    },
    "config.address.parameter": {
        EN: "unknown parameter '{key}' (known: {known})",
        ZH: "未知参数“{key}”（可用：{known}）",
    },
    "config.address.type": {EN: "unknown type '{type}'", ZH: "未知类型“{type}”"},
    "config.address.order": {
        EN: "unknown word order '{order}' (ABCD, CDAB, BADC or DCBA)",
        ZH: "未知字序“{order}”（ABCD、CDAB、BADC 或 DCBA）",
    },
    "config.address.bit_table": {
        EN: "coils and discrete inputs hold bool, not {type}",
        ZH: "线圈和离散输入只存 bool，不能是 {type}",
    },
    "config.address.bit_needs_bool": {
        EN: "bit= needs type=bool on a register table",
        ZH: "bit= 需要在寄存器表上使用 type=bool",
    },
    "config.address.bool_needs_bit": {
        EN: "a bool in a register needs bit=0..15",
        ZH: "寄存器中的 bool 需要 bit=0..15",
    },
    "config.address.string_len": {
        EN: "type=string needs len=<characters>",
        ZH: "type=string 需要 len=<字符数>",
    },
    "config.address.len_string": {
        EN: "len= applies only to type=string",
        ZH: "len= 只适用于 type=string",
    },
    "config.address.scale_zero": {EN: "scale must not be 0", ZH: "scale 不得为 0"},
    "config.address.scale_negative": {
        EN: "scale {scale} must be above 0 (a negative scale turns the value upside down: "
        "range, alarm and write limits would read reversed)",
        ZH: "scale {scale} 必须大于 0（负的 scale 会使数值颠倒：量程、报警和写入限值都会反向）",
    },
    "config.address.past_end": {
        EN: "value runs past register 65535",
        ZH: "数值超出寄存器 65535",
    },
    "config.address.document": {
        EN: "'{text}' is neither a document address (40001) nor a table/offset pair",
        ZH: "“{text}”既不是文档地址（40001），也不是 table/offset 对",
    },
    "config.address.bad_document": {
        EN: "'{text}' is not a valid document address",
        ZH: "“{text}”不是有效的文档地址",
    },
    "config.address.unit_id": {EN: "unit id", ZH: "站号"},
    "config.address.not_whole": {
        EN: "{what} '{text}' is not a whole number",
        ZH: "{what}“{text}”不是整数",
    },
    "config.address.outside": {
        EN: "{what} {number} outside {low}..{high}",
        ZH: "{what} {number} 超出 {low}..{high}",
    },
    "config.address.not_number": {
        EN: "{what} '{text}' is not a number",
        ZH: "{what}“{text}”不是数字",
    },
    "config.address.not_finite": {
        EN: "{what} '{text}' is not a finite number",
        ZH: "{what}“{text}”不是有限数值",
    },
    # the store and the security policy ---------------------------------------------------------
    "config.store.not_url": {
        EN: "{where}: {url} is not a store URL: use sqlite or postgresql://user@host:port/db",
        ZH: "{where}：{url} 不是存储 URL：请用 sqlite 或 postgresql://user@host:port/db",
    },
    "config.store.password": {
        EN: "{where}: the URL holds a password; a password belongs in the environment "
        "({variable}) or an owner-only secrets file, never in a project file or on a command "
        "line",
        ZH: "{where}：URL 中含有密码；密码应放在环境变量（{variable}）或仅属主可读的 secrets "
        "文件中，不能写在项目文件或命令行里",
    },
    "config.store.port": {EN: "{where}: {url} has no valid port", ZH: "{where}：{url} 端口无效"},
    "config.store.host": {
        EN: "{where}: {url} must name a host and a database",
        ZH: "{where}：{url} 必须给出主机和数据库",
    },
    "config.store.option": {
        EN: "{where}: {key} does not belong in the URL",
        ZH: "{where}：{key} 不能写在 URL 中",
    },
    "config.store.secrets_unreadable": {
        EN: "{path}: the store's secrets file cannot be read ({why})",
        ZH: "{path}：无法读取存储的 secrets 文件（{why}）",
    },
    "config.store.secrets_open": {
        EN: "{path}: the store's secrets file may be read by others (mode {mode}); make it "
        "owner-only: chmod 600 {path}",
        ZH: "{path}：存储的 secrets 文件可被他人读取（权限 {mode}）；请设为仅属主可读："
        "chmod 600 {path}",
    },
    "config.security.at_least_1": {EN: "{key} must be at least 1", ZH: "{key} 不得小于 1"},
    "config.security.not_negative": {EN: "{key} must not be negative", ZH: "{key} 不得为负"},
    "config.security.positive": {EN: "{key} must be positive", ZH: "{key} 必须为正"},
    # the [server] section ----------------------------------------------------------------------
    "config.server.empty_broker": {
        EN: "empty: give the broker's mqtt:// or mqtts:// URL",
        ZH: "为空：请给出 broker 的 mqtt:// 或 mqtts:// URL",
    },
    "config.server.sparkplug_id": {
        EN: "{value}: a Sparkplug id, not empty, without / + #",
        ZH: "{value}：Sparkplug id 不能为空，不能含 / + #",
    },
    "config.broker.scheme": {
        EN: "{where}: broker URL {url} must start with mqtt:// or mqtts://",
        ZH: "{where}：broker URL {url} 必须以 mqtt:// 或 mqtts:// 开头",
    },
    "config.broker.password": {
        EN: "{where}: a password does not belong in the broker URL; set {variable} or name an "
        "owner-only file with ?password_file=",
        ZH: "{where}：broker URL 中不能含密码；请设置 {variable} 或用 ?password_file= 指定仅属主"
        "可读的文件",
    },
    "config.broker.host": {
        EN: "{where}: broker URL {url} names no host",
        ZH: "{where}：broker URL {url} 未给出主机",
    },
    "config.broker.port": {
        EN: "{where}: broker URL {url} has a bad port",
        ZH: "{where}：broker URL {url} 端口无效",
    },
    "config.broker.option": {
        EN: "{where}: unknown broker option(s) {options}",
        ZH: "{where}：未知的 broker 选项 {options}",
    },
    "config.broker.ca": {
        EN: "{where}: ?ca= needs an mqtts:// URL",
        ZH: "{where}：?ca= 需要 mqtts:// URL",
    },
    # the OPC UA servers -------------------------------------------------------------------------
    "config.opcua.not_checked": {
        EN: "{where}: not checked: {reason}",
        ZH: "{where}：未检查：{reason}",
    },
    "config.opcua.timeout": {EN: "no answer (timeout)", ZH: "无应答（超时）"},
    "config.opcua.node_id": {
        EN: "{where}: tag {tag}: '{text}' is not a valid node id",
        ZH: "{where}：位号 {tag}：“{text}”不是有效的节点 ID",
    },
    "config.opcua.node": {
        EN: "{where}: tag {tag}: node {text}: {status}",
        ZH: "{where}：位号 {tag}：节点 {text}：{status}",
    },
    # the check command --------------------------------------------------------------------------
    "config.check.opcua_problems": {
        EN: "{path}: {count} problem(s) on the OPC UA servers",
        ZH: "{path}：OPC UA 服务器上有 {count} 个问题",
    },
    "config.check.ok": {
        EN: "{path}: OK: project '{name}', {tags} tags, {connections} connections, {areas} areas",
        ZH: "{path}：OK：项目“{name}”，位号 {tags} 个，连接 {connections} 个，区域 {areas} 个",
    },
    "config.check.screens": {EN: ", {screens} screens", ZH: "，画面 {screens} 个"},
}
