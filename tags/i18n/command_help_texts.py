"""The help texts of the commands people run at a console's PC (main.py's options, check,
users, read, write, force, record, export, sessions, report, replay, loopcheck), by message id,
in English and Simplified Chinese; tags/i18n/command_texts.py takes them in.

argparse %-formats help texts: a percent sign in one is ``%%``.
"""

from __future__ import annotations

from tags.i18n.language import Language

EN, ZH = Language.EN, Language.ZH_CN

HELP_MESSAGES: dict[str, dict[Language, str]] = {
    # main.py and its global options ----------------------------------------------------------
    "cli.main.about": {
        EN: "Operator console for the EMM, CWP and SCO2 plants. Without a subcommand it opens "
        "the console.",
        ZH: "EMM、CWP 和 SCO2 装置的操作员控制台。不带子命令时打开控制台。",
    },
    "cli.main.opt.project": {
        EN: "project file (default: the built-in demo plant)",
        ZH: "项目文件（默认：内置演示装置）",
    },
    "cli.main.opt.data_dir": {
        EN: "folder for users, audit trail and history (or ${env})",
        ZH: "用户、审计追踪和历史数据所在的文件夹（或 ${env}）",
    },
    "cli.main.opt.store": {
        EN: "where history, journal, audit trail and users are kept: sqlite (the data folder) "
        "or postgresql://user@host:port/db; overrides the project's [store] url (the password "
        "from HMI_STORE_PASSWORD, PGPASSWORD or the secrets file)",
        ZH: "历史数据、事件日志、审计追踪和用户的存放处：sqlite（数据文件夹）或 "
        "postgresql://user@host:port/db；优先于项目的 [store] url（密码取自 "
        "HMI_STORE_PASSWORD、PGPASSWORD 或密钥文件）",
    },
    "cli.main.opt.server": {
        EN: "open the console on a control room's server through its MQTT broker "
        "(mqtt://[user@]host[:port] or mqtts://...?ca=FILE&password_file=FILE): values, alarms "
        "and states from the server, operator actions sent to it, no drivers here; overrides "
        "the project's [server] broker",
        ZH: "通过 MQTT 代理连接中控室服务器打开控制台（mqtt://[user@]host[:port] 或 "
        "mqtts://...?ca=FILE&password_file=FILE）：数值、报警和状态来自服务器，操作员操作发往"
        "服务器，本机不运行驱动；优先于项目的 [server] broker",
    },
    "cli.main.opt.workstation": {
        EN: "this console's name on the server (its requests and the audit trail; default the "
        "broker user, else the host name); overrides the project's [server] workstation",
        ZH: "本控制台在服务器上的名称（用于其请求和审计追踪；默认取代理用户，否则取主机名）；"
        "优先于项目的 [server] workstation",
    },
    "cli.main.opt.fullscreen": {
        EN: "open the console full screen (control-room screens); else maximized at first",
        ZH: "全屏打开控制台（中控室大屏）；否则先最大化显示",
    },
    "cli.main.opt.lang": {
        EN: "en or zh_CN: the console's language (else this workstation's choice, else its "
        "locale), and the language of reports and refusals",
        ZH: "en 或 zh_CN：控制台的语言（否则取本工作站的选择，再否则取其区域设置），"
        "也是报表和拒绝信息的语言",
    },
    # check, users, audit ---------------------------------------------------------------------
    "cli.check.help": {
        EN: "validate a project file and its tag lists",
        ZH: "校验项目文件及其位号表",
    },
    "cli.users.help": {
        EN: "add users, change passwords, list users",
        ZH: "添加用户、修改密码、列出用户",
    },
    "cli.users.add.help": {EN: "add a user", ZH: "添加用户"},
    "cli.users.passwd.help": {EN: "change a user's password", ZH: "修改用户密码"},
    "cli.users.list.help": {EN: "list users", ZH: "列出用户"},
    "cli.users.about": {
        EN: "Once an administrator exists, adding a user or setting a password needs an "
        "administrator: --admin NAME and that administrator's password (checked like a log-in: "
        "wrong passwords count towards the lock-out). With --password-stdin the "
        "administrator's password is the first line of stdin and the user's new password the "
        "next; without it both are asked for. Only the very first administrator is made "
        "without one. Every change and every refusal is in the audit trail (never a password).",
        ZH: "一旦存在管理员，添加用户或设置密码就需要管理员：--admin NAME 及该管理员的密码"
        "（按登录方式校验：密码错误计入锁定次数）。使用 --password-stdin 时，标准输入第一行为"
        "管理员密码，下一行为用户的新密码；否则两者都会询问。只有第一个管理员无需管理员即可"
        "创建。每次修改和每次拒绝都记入审计追踪（从不记录密码）。",
    },
    "cli.users.opt.role": {
        EN: "viewer, operator, supervisor, engineer or admin",
        ZH: "viewer（浏览员）、operator（操作员）、supervisor（值长）、engineer（工程师）"
        "或 admin（管理员）",
    },
    "cli.users.opt.areas": {
        EN: "comma-separated areas (default: all)",
        ZH: "以逗号分隔的区域（默认：全部）",
    },
    "cli.users.opt.admin": {
        EN: "the administrator who makes the change",
        ZH: "执行此修改的管理员",
    },
    "cli.users.opt.password_stdin": {
        EN: "read the passwords from stdin: the administrator's first (with --admin), then the "
        "new one",
        ZH: "从标准输入读取密码：先是管理员的（使用 --admin 时），然后是新密码",
    },
    "cli.audit.help": {EN: "audit trail tools", ZH: "审计追踪工具"},
    "cli.audit.verify.help": {
        EN: "check the signed chain and its anchors (exit 1 at the first bad record); list the "
        "writes whose outcome is unknown",
        ZH: "校验签名链及其锚点（遇到第一条损坏记录即以 1 退出）；列出结果未知的写入",
    },
    # read, write, browse, sim ----------------------------------------------------------------
    "cli.read.help": {
        EN: "read tags once through the project's drivers (JSON lines)",
        ZH: "通过项目的驱动读取一次位号（JSON 行）",
    },
    "cli.read.about": {
        EN: "Read tags once through the project's drivers: one JSON object per tag. {field}",
        ZH: "通过项目的驱动读取一次位号：每个位号一个 JSON 对象。{field}",
    },
    "cli.write.help": {EN: "an audited write with read-back", ZH: "带回读校验的审计写入"},
    "cli.write.about": {
        EN: "Write one value through the write path: checked, recorded in the audit trail "
        "before it is sent, confirmed by read-back, its outcome recorded. Prints one JSON "
        "object. Exit status: 0 confirmed; 1 refused (nothing sent) or failed (the device "
        "refused, or no link); 3 unconfirmed: sent, but no reply or no matching read-back in "
        "time, so the device may still apply it (said on stderr); 2 bad usage. {field}",
        ZH: "经写入通道写入一个值：先校验，发送前记入审计追踪，以回读确认，并记录结果。输出一个 "
        "JSON 对象。退出码：0 已确认；1 已拒绝（未发送）或失败（设备拒绝或通讯中断）；3 未确认："
        "已发送，但未及时收到应答或一致的回读，设备仍可能执行（在 stderr 说明）；2 用法错误。"
        "{field}",
    },
    "cli.field.about": {
        EN: "For a project with an embedded simulator (the demo) they use the simulator `sim` "
        "already serves on the project's ports when it answers, else a private one on free "
        "ports; a 'field: ...' line on stderr says which.",
        ZH: "对于带内置仿真器的项目（演示项目），若 `sim` 已在项目端口上运行且有应答，就使用它，"
        "否则在空闲端口上启动一个私有仿真器；stderr 上的“field: ...”一行说明用的是哪个。",
    },
    "cli.field.opt": {
        EN: "auto (default): the running simulator if it answers, else a private one; embedded: "
        "always a private simulator on free ports (a running one is never touched); external: "
        "the running simulator, or exit 1 if none answers",
        ZH: "auto（默认）：正在运行的仿真器有应答则用它，否则用私有仿真器；embedded：总是在空闲"
        "端口上启动私有仿真器（绝不触碰正在运行的）；external：用正在运行的仿真器，无应答则以 1 "
        "退出",
    },
    "cli.opt.password_stdin": {
        EN: "read the password from stdin",
        ZH: "从标准输入读取密码",
    },
    "cli.browse.help": {
        EN: "list an OPC UA server's variables into a tag list",
        ZH: "将 OPC UA 服务器的变量列入位号表",
    },
    "cli.browse.opt.out": {EN: "tag list (TOML) to write", ZH: "要写入的位号表（TOML）"},
    "cli.browse.opt.connection": {
        EN: "connection name for the sources",
        ZH: "数据源所用的连接名",
    },
    "cli.browse.opt.root": {
        EN: "browse below this node (default Objects)",
        ZH: "从此节点向下浏览（默认 Objects）",
    },
    "cli.browse.opt.credentials": {
        EN: "key of [opcua.KEY] in the secrets file",
        ZH: "密钥文件中 [opcua.KEY] 的键",
    },
    "cli.sim.help": {
        EN: "run the field simulator alone (the project's ports); read and write use it while "
        "it runs",
        ZH: "单独运行现场仿真器（项目的端口）；运行期间 read 和 write 使用它",
    },
    "cli.sim.opt.speed": {
        EN: "time factor (0 freezes the plant)",
        ZH: "时间倍率（0 冻结装置）",
    },
    "cli.sim.opt.seed": {
        EN: "random seed (same seed, same plant)",
        ZH: "随机种子（种子相同，装置相同）",
    },
    "cli.sim.opt.scenario": {
        EN: "start an upset, at once or after SECONDS of plant time (repeatable)",
        ZH: "立即或在装置时间 SECONDS 秒后启动一个扰动（可重复）",
    },
    "cli.sim.opt.list": {EN: "list the upsets and exit", ZH: "列出扰动并退出"},
    # force, simulate, release, forced --------------------------------------------------------
    "cli.force.help": {
        EN: "force a tag to a value (engineers; audited, kept across restarts)",
        ZH: "将位号强制为某值（工程师；记入审计，重启后保持）",
    },
    "cli.force.about": {
        EN: "Show VALUE for TAG instead of its field's value, with the quality "
        "GoodLocalOverride: alarms and history use it, field writes of the tag are refused, "
        "the driver's values are held until the force is released or expires. Needs a role "
        "that may force values (engineer, admin). Exit 1 when refused (the reason printed).",
        ZH: "以 VALUE 代替 TAG 的现场值显示，质量为 GoodLocalOverride：报警和历史数据使用该值，"
        "拒绝向该位号的现场写入，驱动的数值被搁置，直到解除强制或强制到期。需要有强制权限的角色"
        "（工程师、管理员）。被拒绝时以 1 退出（并输出原因）。",
    },
    "cli.force.opt.value": {
        EN: "a number, 0/1, a state name or text, in the tag's type",
        ZH: "按位号类型给出：数字、0/1、状态名称或文本",
    },
    "cli.force.opt.for": {
        EN: "release the force by itself after MINUTES (default: until released)",
        ZH: "MINUTES 分钟后自动解除强制（默认：直至手动解除）",
    },
    "cli.simulate.help": {
        EN: "put a tag, an area or a pattern of tags on a simulated source (engineers; audited, "
        "kept across restarts)",
        ZH: "将一个位号、一个区域或一组匹配的位号切换到仿真源（工程师；记入审计，重启后保持）",
    },
    "cli.simulate.about": {
        EN: "Show the values of SOURCE for the tags TARGET names instead of their field's, "
        "marked as a force (GoodLocalOverride, the reason saying simulated: SOURCE by USER); "
        "the other tags keep reading the field. TARGET: a tag, an area or a name pattern "
        "({pattern}). SOURCE: a signal (sim://signal/sine?low=0&high=80&period=60; shapes "
        "constant, ramp, sine, square, random_walk), a plant model point ({point}), or "
        "'{model}': the plant model's value for each tag. Tags the source cannot feed are "
        "named and left on the field. Released by release. Exit 1 when no tag could be put on "
        "it.",
        ZH: "对 TARGET 所指的位号显示 SOURCE 的数值以代替现场值，并标记为强制"
        "（GoodLocalOverride，原因注明由 USER 仿真：SOURCE）；其他位号继续读取现场。TARGET："
        "位号、区域或名称模式（{pattern}）。SOURCE：信号（sim://signal/sine?low=0&high=80"
        "&period=60；波形 constant、ramp、sine、square、random_walk）、装置模型点（{point}），"
        "或“{model}”：每个位号取装置模型的值。无法由该源提供的位号会列出并保留现场值。用 "
        "release 解除。没有任何位号切换成功时以 1 退出。",
    },
    "cli.simulate.opt.for": {
        EN: "release by itself after MINUTES (default: until released)",
        ZH: "MINUTES 分钟后自动解除（默认：直至手动解除）",
    },
    "cli.release.help": {
        EN: "release a forced or simulated tag (its field's value shows again; audited)",
        ZH: "解除位号的强制或仿真（重新显示现场值；记入审计）",
    },
    "cli.release.opt.all_simulated": {
        EN: "release every simulated tag instead",
        ZH: "改为解除所有仿真位号",
    },
    "cli.forced.help": {
        EN: "list the forced tags: tag, value, who, reason, since, until",
        ZH: "列出强制的位号：位号、数值、操作人、原因、起始、截止",
    },
    "cli.force.opt.reason": {
        EN: "why (kept in the audit trail)",
        ZH: "原因（记入审计追踪）",
    },
    # record, export --------------------------------------------------------------------------
    "cli.record.help": {
        EN: "run the simulated plant and store a recording to replay (Ctrl+C or SIGTERM stops "
        "it early and keeps what was recorded)",
        ZH: "运行仿真装置并保存录制以供回放（Ctrl+C 或 SIGTERM 提前停止并保留已录制的内容）",
    },
    "cli.record.opt.minutes": {EN: "plant minutes to record", ZH: "要录制的装置时间（分钟）"},
    "cli.record.opt.speed": {
        EN: "time factor (default 1: real time)",
        ZH: "时间倍率（默认 1：实时）",
    },
    "cli.record.opt.scenario": {
        EN: "start an upset SECONDS of plant time into the recording (repeatable)",
        ZH: "在录制的装置时间 SECONDS 秒时启动一个扰动（可重复）",
    },
    "cli.record.opt.seed": {EN: "random seed of the plant", ZH: "装置的随机种子"},
    "cli.record.opt.deadband": {
        EN: "override [historian] deadband_percent",
        ZH: "覆盖 [historian] deadband_percent",
    },
    "cli.record.opt.out": {EN: "the recording file to create", ZH: "要创建的录制文件"},
    "cli.export.help": {
        EN: "export recorded history to CSV (or .parquet)",
        ZH: "将历史数据导出为 CSV（或 .parquet）",
    },
    "cli.export.opt.tags": {
        EN: "tag names or patterns ({example})",
        ZH: "位号名或名称模式（{example}）",
    },
    "cli.export.opt.history": {
        EN: "a recording (default: the history)",
        ZH: "录制文件（默认：历史数据）",
    },
    "cli.opt.from": {
        EN: "ISO time (default: the beginning)",
        ZH: "ISO 时间（默认：开头）",
    },
    "cli.opt.to": {EN: "ISO time (default: the end)", ZH: "ISO 时间（默认：结尾）"},
    "cli.export.opt.wide": {
        EN: "one column per tag instead of one row",
        ZH: "每个位号一列，而不是一行",
    },
    "cli.export.opt.utc": {
        EN: "times in UTC instead of local time",
        ZH: "时间用 UTC 而不是本地时间",
    },
    # sessions, debrief, compare --------------------------------------------------------------
    "cli.sessions.help": {
        EN: "list the training sessions (or --snapshots)",
        ZH: "列出培训课次（或 --snapshots）",
    },
    "cli.sessions.opt.snapshots": {
        EN: "list the stored plant snapshots",
        ZH: "列出已保存的装置快照",
    },
    "cli.debrief.help": {
        EN: "a training session's debrief (printed, PDF with --out)",
        ZH: "培训课次的讲评（输出到终端，使用 --out 时另存 PDF）",
    },
    "cli.debrief.opt.session": {
        EN: "session id (see: sessions)",
        ZH: "课次编号（见：sessions）",
    },
    "cli.opt.pdf": {EN: "PDF to write", ZH: "要写入的 PDF"},
    "cli.opt.history": {
        EN: "history file (default: the console's own)",
        ZH: "历史数据文件（默认：控制台自己的）",
    },
    "cli.compare.help": {
        EN: "two training sessions of the same plan side by side",
        ZH: "并排对比同一方案的两个培训课次",
    },
    "cli.compare.opt.session": {EN: "session id", ZH: "课次编号"},
    "cli.compare.opt.any_plan": {
        EN: "compare even if the plans differ",
        ZH: "方案不同也进行对比",
    },
    # report, replay --------------------------------------------------------------------------
    "cli.report.help": {
        EN: "a shift report (PDF) from a recording or the history",
        ZH: "根据录制文件或历史数据生成交接班报表（PDF）",
    },
    "cli.report.opt.recording": {
        EN: "a recording (main.py record)",
        ZH: "录制文件（main.py record）",
    },
    "cli.report.opt.out": {
        EN: "PDF to write (default: reports folder)",
        ZH: "要写入的 PDF（默认：报表文件夹）",
    },
    "cli.report.opt.from": {EN: "ISO time (default: see above)", ZH: "ISO 时间（默认：见上文）"},
    "cli.report.opt.to": {EN: "ISO time", ZH: "ISO 时间"},
    "cli.report.opt.note": {EN: "a shift note (repeatable)", ZH: "交接班记事（可重复）"},
    "cli.report.opt.user": {EN: "who wrote the notes", ZH: "记事的填写人"},
    "cli.report.opt.csv": {
        EN: "also the energy figures as CSV",
        ZH: "同时以 CSV 输出能源数据",
    },
    "cli.report.opt.list": {
        EN: "list the kept reports and exit",
        ZH: "列出已保存的报表并退出",
    },
    "cli.replay.help": {
        EN: "open the console on a recording, or on this console's history by time range",
        ZH: "在录制文件上打开控制台，或按时间范围回放本控制台的历史数据",
    },
    "cli.replay.opt.file": {
        EN: "a recording (default: this console's own history in the data folder)",
        ZH: "录制文件（默认：数据文件夹中本控制台自己的历史数据）",
    },
    "cli.replay.opt.from": {
        EN: "ISO local time, e.g. 2025-06-15T08:00",
        ZH: "ISO 本地时间，例如 2025-06-15T08:00",
    },
    "cli.replay.opt.to": {
        EN: "ISO local time (default: the end)",
        ZH: "ISO 本地时间（默认：结尾）",
    },
    # loopcheck -------------------------------------------------------------------------------
    "cli.loopcheck.help": {
        EN: "loop-check sheets: progress, record a point, mark a loop failed, PDF/CSV",
        ZH: "回路检查表：进度、记录检查点、标记回路不合格、PDF/CSV",
    },
    "cli.loopcheck.about": {
        EN: "The I/O checkout of every field instrument. Without an action: the progress per "
        "area and the failed loops, and with --out the sheets as PDF (or CSV by the suffix or "
        "--csv).",
        ZH: "所有现场仪表的 I/O 检查。不带操作时：各区域的进度和不合格回路；使用 --out 时将检查表"
        "输出为 PDF（按后缀或 --csv 输出 CSV）。",
    },
    "cli.loopcheck.opt.out": {
        EN: "write the sheets (.pdf or .csv)",
        ZH: "写出检查表（.pdf 或 .csv）",
    },
    "cli.loopcheck.opt.csv": {EN: "write CSV whatever the suffix", ZH: "无论后缀都写 CSV"},
    "cli.loopcheck.record.help": {
        EN: "record the value seen at a check point (engineers; audited)",
        ZH: "记录检查点上看到的值（工程师；记入审计）",
    },
    "cli.loopcheck.record.about": {
        EN: "Record the value V the console showed for TAG at check point P (0, 50 or 100 % "
        "of the range; 0 or 1 of a discrete point): judged against the expected value within "
        "the tolerance (default 1 % of the span).",
        ZH: "记录控制台在检查点 P（量程的 0、50 或 100 %；开关量点为 0 或 1）为 TAG 显示的值 V："
        "在允许偏差（默认为量程跨度的 1 %）内与期望值比对判定。",
    },
    "cli.loopcheck.opt.point": {
        EN: "0|50|100 (analog) or 0|1 (discrete)",
        ZH: "0|50|100（模拟量）或 0|1（开关量）",
    },
    "cli.loopcheck.opt.value": {EN: "the value seen", ZH: "看到的值"},
    "cli.loopcheck.opt.tolerance": {
        EN: "of the span (default 1)",
        ZH: "量程跨度的百分比（默认 1）",
    },
    "cli.loopcheck.opt.note": {
        EN: "a remark kept with the entry",
        ZH: "随记录保存的备注",
    },
    "cli.loopcheck.fail.help": {
        EN: "mark a loop failed with a note (engineers; audited)",
        ZH: "标记回路不合格并附备注（工程师；记入审计）",
    },
    "cli.loopcheck.opt.fail_note": {
        EN: "what is wrong (kept on the sheet)",
        ZH: "问题所在（记在检查表上）",
    },
}
