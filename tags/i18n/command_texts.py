"""The command line's texts (what the commands print, their help, argparse's own words), by
message id, in English and Simplified Chinese; tags/i18n/catalogue.py takes them in.

Help texts go through argparse, which %-formats them: a percent sign in one is ``%%``. The
argparse words keep argparse's own %-placeholders (``%(prog)s``, ``%s``) in both languages.
"""

from __future__ import annotations

from tags.i18n.language import Language

EN, ZH = Language.EN, Language.ZH_CN

ARGPARSE_MESSAGES: dict[str, dict[Language, str]] = {
    # argparse's own words (commands/wording.py hands them to argparse) ----------------------
    "cli.argparse.usage": {EN: "usage: ", ZH: "用法："},
    "cli.argparse.options": {EN: "options", ZH: "选项"},
    "cli.argparse.positional": {EN: "positional arguments", ZH: "位置参数"},
    "cli.argparse.help": {EN: "show this help message and exit", ZH: "显示本帮助并退出"},
    "cli.argparse.error": {
        EN: "%(prog)s: error: %(message)s\n",
        ZH: "%(prog)s：错误：%(message)s\n",
    },
    "cli.argparse.required": {
        EN: "the following arguments are required: %s",
        ZH: "缺少必需的参数：%s",
    },
    "cli.argparse.invalid_choice": {
        EN: "invalid choice: %(value)r (choose from %(choices)s)",
        ZH: "无效的选择：%(value)r（可选：%(choices)s）",
    },
    "cli.argparse.invalid_value": {
        EN: "invalid %(type)s value: %(value)r",
        ZH: "无效的值：%(value)r",
    },
    "cli.argparse.unrecognized": {EN: "unrecognized arguments: %s", ZH: "无法识别的参数：%s"},
    "cli.argparse.argument": {
        EN: "argument %(argument_name)s: %(message)s",
        ZH: "参数 %(argument_name)s：%(message)s",
    },
    "cli.argparse.expected_one": {EN: "expected one argument", ZH: "需要一个值"},
    "cli.argparse.expected_at_least_one": {
        EN: "expected at least one argument",
        ZH: "至少需要一个值",
    },
    "cli.argparse.expected_at_most_one": {EN: "expected at most one argument", ZH: "最多一个值"},
    "cli.argparse.ambiguous": {
        EN: "ambiguous option: %(option)s could match %(matches)s",
        ZH: "选项不明确：%(option)s 可匹配 %(matches)s",
    },
    "cli.argparse.not_allowed_with": {
        EN: "not allowed with argument %s",
        ZH: "不能与参数 %s 同时使用",
    },
    "cli.argparse.one_required": {
        EN: "one of the arguments %s is required",
        ZH: "参数 %s 必须给出其一",
    },
    "cli.argparse.ignored_explicit": {
        EN: "ignored explicit argument %r",
        ZH: "已忽略显式参数 %r",
    },
    "cli.argparse.unknown_parser": {
        EN: "unknown parser %(parser_name)r (choices: %(choices)s)",
        ZH: "未知子命令 %(parser_name)r（可选：%(choices)s）",
    },
    "cli.argparse.cannot_open": {
        EN: "can't open '%(filename)s': %(error)s",
        ZH: "无法打开“%(filename)s”：%(error)s",
    },
}

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

SERVICE_HELP_MESSAGES: dict[str, dict[Language, str]] = {
    # store -----------------------------------------------------------------------------------
    "cli.store.help": {
        EN: "prepare a shared PostgreSQL store (store init), move a console into it",
        ZH: "准备共享 PostgreSQL 存储（store init），并将控制台的数据迁入",
    },
    "cli.store.init.help": {
        EN: "make the schema, roles and tables of a PostgreSQL store (as its owner)",
        ZH: "创建 PostgreSQL 存储的模式、角色和数据表（以其所有者身份）",
    },
    "cli.store.init.about": {
        EN: "Connects as the database's owner (or another role allowed to create roles), makes "
        "the schema hmi and the group roles hmi_writer (the server) and hmi_reader (the "
        "consoles), on request the login roles of the server and of the consoles, and brings "
        "every store's tables to this program's version. Prints what it did, one line each, or "
        "that all was already up to date; running it again is harmless. With --password-stdin "
        "the login roles' passwords are read from stdin, one line each (the server role's "
        "first); without it they get none (e.g. for certificate or peer authentication). The "
        "admin's own password comes from HMI_STORE_PASSWORD / PGPASSWORD or ~/.pgpass, never "
        "from the command line.",
        ZH: "以数据库所有者（或其他可创建角色的角色）连接，创建模式 hmi 和组角色 hmi_writer"
        "（服务器）与 hmi_reader（控制台），按需创建服务器和控制台的登录角色，并把各存储的数据表"
        "升级到本程序的版本。每做一件事输出一行，或说明全部已是最新；重复运行无害。使用 "
        "--password-stdin 时，从标准输入逐行读取登录角色的密码（服务器角色在先）；否则不设密码"
        "（例如使用证书或 peer 认证）。管理员自己的密码取自 HMI_STORE_PASSWORD / PGPASSWORD "
        "或 ~/.pgpass，绝不取自命令行。",
    },
    "cli.store.opt.role": {EN: "a login role in {group}", ZH: "{group} 中的登录角色"},
    "cli.store.opt.password_stdin": {
        EN: "read the login roles' passwords from stdin, one line each (server role first)",
        ZH: "从标准输入读取登录角色的密码，每行一个（服务器角色在先）",
    },
    "cli.store.copy.help": {
        EN: "copy a console's data folder (sqlite) into a PostgreSQL store (as its owner)",
        ZH: "将控制台的数据文件夹（sqlite）复制到 PostgreSQL 存储（以其所有者身份）",
    },
    "cli.store.copy.about": {
        EN: "Copies a console's stores (history, alarm journal and states, audit trail, users, "
        "training, bookmarks, shift reports and notes) into the shared store, whose schema it "
        "brings up to date first; prints progress and a summary per store (rows in the source "
        "and the target). Run it again after an interruption: it adds only what is missing. "
        "The audit trail is refused when the target holds another one, and verified on the "
        "target afterwards; the server must sign with the data folder's audit.key: "
        "--server-data-dir copies it (and the anchor) into the server's data folder. Exit 0 "
        "when everything arrived and the trail verifies, 1 otherwise, 130 when interrupted "
        "(run it again).",
        ZH: "将控制台的各存储（历史数据、报警日志与状态、审计追踪、用户、培训、书签、交接班报表"
        "与记事）复制到共享存储，先将其模式升级到最新；输出进度和每个存储的汇总（源和目标中的"
        "行数）。中断后再次运行：只补充缺少的部分。目标中已有另一条审计追踪时拒绝复制审计追踪，"
        "复制后在目标上校验；服务器必须用数据文件夹的 audit.key 签名：--server-data-dir 会把它"
        "（连同锚点）复制到服务器的数据文件夹。全部到达且审计追踪校验通过时以 0 退出，否则以 1 "
        "退出，被中断时以 130 退出（请再次运行）。",
    },
    "cli.store.opt.from": {
        EN: "the console's data folder (sqlite alone: the --data-dir one)",
        ZH: "控制台的数据文件夹（仅写 sqlite：即 --data-dir 所指的文件夹）",
    },
    "cli.store.opt.only": {
        EN: "copy only these stores ({stores})",
        ZH: "只复制这些存储（{stores}）",
    },
    "cli.store.opt.server_data_dir": {
        EN: "the server's data folder: gets the audit key and anchor",
        ZH: "服务器的数据文件夹：复制审计密钥和锚点到此",
    },
    # server ----------------------------------------------------------------------------------
    "cli.server.help": {
        EN: "the control room's server: run the project headless and serve it to consoles "
        "through an MQTT broker",
        ZH: "中控室服务器：无界面运行项目，并通过 MQTT 代理向控制台提供服务",
    },
    "cli.server.about": {
        EN: "Run the project (drivers, alarms, historian, analytics, training, write path, "
        "audit) without a display and serve it through an MQTT broker: values as a Sparkplug B "
        "edge node, alarms and states under hmi/GROUP/, operator requests answered, checked "
        "and audited here. Stops on Ctrl+C or SIGTERM.",
        ZH: "无显示运行项目（驱动、报警、历史、分析、培训、写入通道、审计），并通过 MQTT 代理提供"
        "服务：数值作为 Sparkplug B 边缘节点发布，报警和状态在 hmi/GROUP/ 下，操作员请求在此应答、"
        "校验并审计。按 Ctrl+C 或 SIGTERM 停止。",
    },
    "cli.server.opt.broker": {
        EN: "mqtt://[user@]host[:port] or mqtts://[user@]host[:port]?ca=FILE (the password from "
        "HMI_BROKER_PASSWORD or ?password_file=)",
        ZH: "mqtt://[user@]host[:port] 或 mqtts://[user@]host[:port]?ca=FILE（密码取自 "
        "HMI_BROKER_PASSWORD 或 ?password_file=）",
    },
    "cli.server.opt.group": {
        EN: "Sparkplug group id (default: the project's name)",
        ZH: "Sparkplug 组标识（默认：项目名称）",
    },
    "cli.server.opt.node": {
        EN: "Sparkplug edge node id (default: {node})",
        ZH: "Sparkplug 边缘节点标识（默认：{node}）",
    },
    "cli.server.opt.instance": {
        EN: "this server's name in a redundant pair on a PostgreSQL store (default: HOST-PID); "
        "two servers on the same project and store form a pair",
        ZH: "本服务器在 PostgreSQL 存储上冗余对中的名称（默认：HOST-PID）；同一项目和存储上的两台"
        "服务器组成一对",
    },
    "cli.server.opt.switchover": {
        EN: "ask the running primary of the pair to hand over to its standby, wait until the "
        "standby serves, and exit (needs only the project and its store)",
        ZH: "请求冗余对中正在运行的主服务器切换到备用服务器，等备用服务器接管后退出（只需项目及其"
        "存储）",
    },
    # broker ----------------------------------------------------------------------------------
    "cli.broker.help": {
        EN: "make the control room's MQTT broker (Mosquitto: TLS, users, ACL)",
        ZH: "生成中控室的 MQTT 代理（Mosquitto：TLS、用户、ACL）",
    },
    "cli.broker.init.help": {
        EN: "write a broker folder: configuration, users, ACL, certificates",
        ZH: "写出代理文件夹：配置、用户、ACL、证书",
    },
    "cli.broker.init.about": {
        EN: "Writes the configuration (TLS listener, no anonymous clients), the users, the ACL, "
        "a private certificate authority and the broker's certificate for the host names and "
        "addresses given (the first is the one clients use). Passwords are generated and "
        "written owner-only to DIR/secrets/USER.pw for the clients' ?password_file=, or, with "
        "--password-stdin, read from stdin, one line per user: the server's, the Sparkplug "
        "host's, then each workstation's. Prints what it made and the commands that start the "
        "broker, the server and each console.",
        ZH: "写出配置（TLS 监听，不允许匿名客户端）、用户、ACL、私有证书颁发机构，以及为所给主机名"
        "和地址签发的代理证书（第一个为客户端所用）。密码自动生成，以仅所有者可读的方式写入 "
        "DIR/secrets/USER.pw，供客户端的 ?password_file= 使用；或使用 --password-stdin 从标准"
        "输入读取，每个用户一行：先服务器，再 Sparkplug 主机，然后各工作站。输出生成的内容以及"
        "启动代理、服务器和各控制台的命令。",
    },
    "cli.broker.workstation.about": {
        EN: "Add or take away one workstation's user; a running broker reads the change on SIGHUP.",
        ZH: "添加或移除一个工作站的用户；正在运行的代理在收到 SIGHUP 时读取更改。",
    },
    "cli.broker.opt.out": {
        EN: "the folder to make (new or empty)",
        ZH: "要生成的文件夹（新建或为空）",
    },
    "cli.broker.opt.group": {
        EN: "the Sparkplug group (default: the project's name)",
        ZH: "Sparkplug 组（默认：项目名称）",
    },
    "cli.broker.opt.host": {
        EN: "a host name or address clients use for the broker (repeatable; the first in the "
        "URLs; default: this machine's name, localhost, 127.0.0.1)",
        ZH: "客户端访问代理所用的主机名或地址（可重复；第一个写入 URL；默认：本机名、localhost、"
        "127.0.0.1）",
    },
    "cli.broker.opt.port": {EN: "the TLS port (default 8883)", ZH: "TLS 端口（默认 8883）"},
    "cli.broker.opt.bind": {EN: "listen only on this address", ZH: "只在此地址上监听"},
    "cli.broker.opt.server_user": {EN: "the server's user", ZH: "服务器的用户"},
    "cli.broker.opt.sparkplug_host": {
        EN: "a read-only user for a Sparkplug host application (another SCADA, MES)",
        ZH: "供 Sparkplug 主机应用（其他 SCADA、MES）使用的只读用户",
    },
    "cli.broker.opt.workstation": {
        EN: "a console's user, also its workstation name (repeatable)",
        ZH: "控制台的用户，同时也是其工作站名称（可重复）",
    },
    "cli.broker.opt.password_stdin": {
        EN: "read the passwords from stdin, one line per user, instead of generating them",
        ZH: "从标准输入读取密码，每个用户一行，而不是自动生成",
    },
    "cli.broker.add.help": {
        EN: "add a console's user to a broker folder",
        ZH: "向代理文件夹添加一个控制台用户",
    },
    "cli.broker.remove.help": {
        EN: "take a console's user out of a broker folder",
        ZH: "从代理文件夹移除一个控制台用户",
    },
    "cli.broker.opt.dir": {
        EN: "the folder `broker init` made",
        ZH: "`broker init` 生成的文件夹",
    },
    "cli.broker.opt.name": {EN: "the workstation's name", ZH: "工作站名称"},
    "cli.broker.opt.password": {
        EN: "read its password from stdin (one line) instead of generating it",
        ZH: "从标准输入读取其密码（一行），而不是自动生成",
    },
}

OUTPUT_MESSAGES: dict[str, dict[Language, str]] = {
    # passwords asked at the terminal, the parse itself ---------------------------------------
    "cli.password.admin": {
        EN: "Password of administrator {name}: ",
        ZH: "管理员 {name} 的密码：",
    },
    "cli.password.prompt": {EN: "Password: ", ZH: "密码："},
    "cli.password.repeat": {EN: "Repeat password: ", ZH: "再次输入密码："},
    "cli.password.differ": {
        EN: "passwords differ; nothing changed",
        ZH: "两次输入的密码不一致；未做任何修改",
    },
    "cli.store_not_loaded": {
        EN: "{prog}: the project names the store, and it does not load:",
        ZH: "{prog}：存储由项目指定，但项目无法加载：",
    },
    "cli.unknown_command": {EN: "unknown command {command}", ZH: "未知命令 {command}"},
    "cli.display.advice": {
        EN: "The console's window needs system libraries this machine lacks ({packages}).\n"
        "Install them with:\n  sudo apt-get install {packages}\n"
        "(QT_QPA_PLATFORM=offscreen runs the console without a screen.)",
        ZH: "控制台窗口需要本机缺少的系统库（{packages}）。\n"
        "安装命令：\n  sudo apt-get install {packages}\n"
        "（设置 QT_QPA_PLATFORM=offscreen 可在没有显示器时运行控制台。）",
    },
    # users -----------------------------------------------------------------------------------
    "word.role.viewer": {EN: "viewer", ZH: "浏览员"},
    "word.role.operator": {EN: "operator", ZH: "操作员"},
    "word.role.supervisor": {EN: "supervisor", ZH: "值长"},
    "word.role.engineer": {EN: "engineer", ZH: "工程师"},
    "word.role.admin": {EN: "admin", ZH: "管理员"},
    "cli.users.unknown_role": {
        EN: "unknown role '{role}' (known: {known})",
        ZH: "未知角色“{role}”（可选：{known}）",
    },
    "cli.users.need_admin": {
        EN: "an administrator exists: give --admin NAME and that administrator's password (the "
        "first line with --password-stdin)",
        ZH: "已存在管理员：请给出 --admin NAME 及该管理员的密码（使用 --password-stdin 时为"
        "第一行）",
    },
    "cli.users.added": {
        EN: "user '{name}' added as {role}",
        ZH: "已添加用户“{name}”，角色：{role}",
    },
    "cli.users.password_changed": {
        EN: "password of '{name}' changed",
        ZH: "用户“{name}”的密码已修改",
    },
    "cli.users.none": {
        EN: "no users (the demo project has its own demo accounts)",
        ZH: "没有用户（演示项目有自己的演示账户）",
    },
    "cli.users.col.name": {EN: "name", ZH: "用户名"},
    "cli.users.col.role": {EN: "role", ZH: "角色"},
    "cli.users.col.areas": {EN: "areas", ZH: "区域"},
    "cli.users.col.last_login": {EN: "last login", ZH: "最近登录"},
    "cli.users.all_areas": {EN: "all", ZH: "全部"},
    "cli.users.never": {EN: "never", ZH: "从未"},
    "cli.users.locked": {EN: "  locked until {time}", ZH: "  锁定至 {time}"},
    # audit verify, read, write ---------------------------------------------------------------
    "cli.audit.intact": {
        EN: "audit trail intact: {count} records verified{note}",
        ZH: "审计追踪完好：已校验 {count} 条记录{note}",
    },
    "cli.audit.legacy": {
        EN: " (records 1 to {last} predate the audit key)",
        ZH: "（第 1 至 {last} 条记录早于审计密钥）",
    },
    "cli.audit.tampered": {EN: "AUDIT TRAIL TAMPERED: {why}", ZH: "审计追踪已被篡改：{why}"},
    "cli.audit.first_bad": {EN: "first bad record: {seq}", ZH: "第一条损坏记录：{seq}"},
    "cli.audit.outcome_unknown": {EN: "outcome unknown", ZH: "结果未知"},
    "cli.audit.intent": {
        EN: "record {seq}: {outcome}: {time} {user} at {workstation} wrote {tag} {old} -> "
        "{new}{unit}{why}",
        ZH: "第 {seq} 条记录：{outcome}：{time} {user} 在 {workstation} 写入 {tag} {old} -> "
        "{new}{unit}{why}",
    },
    "cli.write.unconfirmed": {
        EN: "write of {tag} UNCONFIRMED, outcome unknown: {reason}. The device may apply it "
        "later: check {tag} before writing again.",
        ZH: "{tag} 的写入未确认，结果未知：{reason}。设备可能稍后执行：再次写入前请先检查 {tag}。",
    },
    "cli.field.not_started": {
        EN: "field: the private embedded simulator did not start: {why}",
        ZH: "现场：私有内置仿真器未能启动：{why}",
    },
    # force, simulate, release, forced --------------------------------------------------------
    "cli.forced.col.tag": {EN: "TAG", ZH: "位号"},
    "cli.forced.col.value": {EN: "VALUE", ZH: "数值"},
    "cli.forced.col.source": {EN: "SOURCE", ZH: "来源"},
    "cli.forced.col.by": {EN: "BY", ZH: "操作人"},
    "cli.forced.col.reason": {EN: "REASON", ZH: "原因"},
    "cli.forced.col.since": {EN: "SINCE", ZH: "起始"},
    "cli.forced.col.until": {EN: "UNTIL", ZH: "截止"},
    "cli.forced.released": {EN: "released", ZH: "直至解除"},
    "cli.forced.simulated": {EN: "simulated", ZH: "仿真"},
    "cli.forced.fixed": {EN: "fixed", ZH: "固定值"},
    "cli.forced.count": {EN: "{count} forced", ZH: "{count} 个强制值"},
    "cli.forced.count_simulated": {EN: " ({count} simulated)", ZH: "（其中 {count} 个为仿真）"},
    "cli.simulated": {EN: "simulated {what}", ZH: "已仿真 {what}"},
    "cli.simulated_count": {
        EN: "{done} of {total} tags simulated",
        ZH: "{total} 个位号中已仿真 {done} 个",
    },
    "cli.released_count": {EN: "{count} released", ZH: "已解除 {count} 个"},
    "cli.force.line": {EN: "{tag} = {value}: {how}", ZH: "{tag} = {value}：{how}"},
    "cli.force.forced_to": {EN: "forced to {value}", ZH: "强制为 {value}"},
    "cli.force.simulated_from": {EN: "simulated: {source}", ZH: "仿真：{source}"},
    "cli.force.forced_word": {EN: "forced", ZH: "强制"},
    "cli.force.how": {
        EN: "{what} by {user} {until}: {reason}",
        ZH: "{what}，操作人 {user}，{until}：{reason}",
    },
    "cli.force.until": {EN: "until {time}", ZH: "至 {time}"},
    "cli.force.until_released": {EN: "until released", ZH: "直至解除"},
    # record, export --------------------------------------------------------------------------
    "cli.record.deadband": {
        EN: "--deadband-percent must be 0 to 100",
        ZH: "--deadband-percent 必须在 0 到 100 之间",
    },
    "cli.export.no_match": {
        EN: "no recorded tag matches {patterns}",
        ZH: "没有已记录的位号匹配 {patterns}",
    },
    "cli.export.progress": {EN: "{done}/{total} samples", ZH: "{done}/{total} 个样本"},
    "cli.export.failed": {EN: "export failed: {why}", ZH: "导出失败：{why}"},
    "cli.export.done": {
        EN: "exported {rows} rows of {count} tags to {path}",
        ZH: "已导出 {count} 个位号的 {rows} 行到 {path}",
    },
    # sessions, compare -----------------------------------------------------------------------
    "cli.sessions.no_store": {
        EN: "no training sessions in {folder} (no {file})",
        ZH: "{folder} 中没有培训课次（没有 {file}）",
    },
    "cli.sessions.by": {EN: "by {user}", ZH: "保存人 {user}"},
    "cli.sessions.plant_time": {EN: ", plant time {seconds} s", ZH: "，装置时间 {seconds} s"},
    "cli.sessions.no_snapshots": {EN: "no snapshots stored", ZH: "没有保存的快照"},
    "cli.sessions.trainee": {EN: "trainee {name}", ZH: "学员 {name}"},
    "cli.sessions.trainer": {EN: "trainer {name}", ZH: "教员 {name}"},
    "cli.sessions.unfinished": {EN: "running or interrupted", ZH: "进行中或已中断"},
    "cli.sessions.steady_state": {EN: "steady state", ZH: "稳态"},
    "cli.sessions.snapshot": {EN: "snapshot {name}", ZH: "快照 {name}"},
    "cli.sessions.title": {EN: "Session {id}", ZH: "课次 {id}"},
    "cli.compare.any_plan": {
        EN: "{why}; --any-plan compares them anyway",
        ZH: "{why}；使用 --any-plan 可照样对比",
    },
    # store -----------------------------------------------------------------------------------
    "cli.store.password_lines": {
        EN: "--password-stdin: one non-empty line per login role",
        ZH: "--password-stdin：每个登录角色需要一行非空密码",
    },
    "cli.store.init_needs_pg": {
        EN: "store init: --url must be a postgresql:// URL (sqlite needs no preparing)",
        ZH: "store init：--url 必须是 postgresql:// URL（sqlite 无需准备）",
    },
    "cli.store.up_to_date": {
        EN: "{url}: already up to date ({count} stores)",
        ZH: "{url}：已是最新（{count} 个存储）",
    },
    "cli.store.ready": {EN: "{url}: ready ({count} stores)", ZH: "{url}：已就绪（{count} 个存储）"},
    "cli.store.not_sqlite": {
        EN: "--from: {given} is not sqlite:DATA_FOLDER",
        ZH: "--from：{given} 不是 sqlite:DATA_FOLDER",
    },
    "cli.store.only": {
        EN: "--only: {unknown}: choose from {stores}",
        ZH: "--only：{unknown}：请从 {stores} 中选择",
    },
    "cli.store.nothing": {EN: "nothing", ZH: "（空）"},
    "cli.store.copy_needs_pg": {
        EN: "store copy: --to must be a postgresql:// URL",
        ZH: "store copy：--to 必须是 postgresql:// URL",
    },
    "cli.store.interrupted": {
        EN: "store copy: interrupted; run the same command again to finish (nothing is doubled)",
        ZH: "store copy：已中断；再次运行同一命令即可完成（不会重复复制）",
    },
    "cli.store.summary": {EN: "summary of {source} -> {url}:", ZH: "{source} -> {url} 汇总："},
    "cli.store.refused": {EN: "  {store}: refused (see above)", ZH: "  {store}：已拒绝（见上文）"},
    "cli.store.audit": {
        EN: "  audit trail on the target {verdict}: {message}",
        ZH: "  目标上的审计追踪{verdict}：{message}",
    },
    "cli.store.verified": {EN: "verified", ZH: "校验通过"},
    "cli.store.failed": {EN: "FAILED verification", ZH: "校验失败"},
    "cli.store.key": {
        EN: "  the server must sign with {key}: copy it (owner-only) into its data folder, or "
        "run again with --server-data-dir",
        ZH: "  服务器必须用 {key} 签名：将其复制到服务器的数据文件夹（仅所有者可读），或加 "
        "--server-data-dir 再次运行",
    },
    "cli.store.incomplete": {
        EN: "  incomplete: {stores} (the target holds fewer rows than the source)",
        ZH: "  不完整：{stores}（目标中的行数少于源）",
    },
    # server ----------------------------------------------------------------------------------
    "cli.server.needs_broker": {
        EN: "{command}: --broker URL is required",
        ZH: "{command}：必须给出 --broker URL",
    },
    "cli.server.pair": {
        EN: "{command}: '{project}' as {instance} of the pair on {store}, broker {broker}, "
        "group {group}, node {node}; Ctrl+C stops",
        ZH: "{command}：“{project}”作为冗余对中的 {instance} 运行于 {store}，代理 {broker}，"
        "组 {group}，节点 {node}；按 Ctrl+C 停止",
    },
    "cli.server.stopped": {EN: "{command}: stopped", ZH: "{command}：已停止"},
    "cli.server.pair_needs_pg": {
        EN: "{command}: --switchover: a pair needs a PostgreSQL store ([store] or --store)",
        ZH: "{command}：--switchover：冗余对需要 PostgreSQL 存储（[store] 或 --store）",
    },
    "cli.server.not_started": {
        EN: "{command}: the project did not start: {why}",
        ZH: "{command}：项目未能启动：{why}",
    },
    "cli.server.serving": {
        EN: "{command}: serving '{project}' ({mode}) on {broker} as group {group}, node {node}; "
        "Ctrl+C stops",
        ZH: "{command}：正在 {broker} 上提供“{project}”（{mode}），组 {group}，节点 {node}；"
        "按 Ctrl+C 停止",
    },
    # broker ----------------------------------------------------------------------------------
    "cli.broker.added": {
        EN: "added workstation {name} to {path}",
        ZH: "已将工作站 {name} 添加到 {path}",
    },
    "cli.broker.password_in": {
        EN: "  password in {path} (owner-only)",
        ZH: "  密码在 {path}（仅所有者可读）",
    },
    "cli.broker.removed": {
        EN: "removed workstation {name} from {path}",
        ZH: "已从 {path} 移除工作站 {name}",
    },
    "cli.broker.reload": {
        EN: "a running broker reads it after: {command}",
        ZH: "正在运行的代理执行以下命令后读取：{command}",
    },
    "cli.broker.no_project": {
        EN: "broker init: the project {project} does not load (see stderr), or give --group",
        ZH: "broker init：项目 {project} 无法加载（见 stderr），或请给出 --group",
    },
    "cli.broker.made": {
        EN: "made {path} for control room {group} (Sparkplug group), TLS on port {port}",
        ZH: "已为中控室 {group}（Sparkplug 组）生成 {path}，TLS 端口 {port}",
    },
    "cli.broker.conf": {
        EN: "the broker's configuration (log: {log})",
        ZH: "代理的配置（日志：{log}）",
    },
    "cli.broker.acl": {EN: "what each user may read and publish", ZH: "各用户可读取和发布的内容"},
    "cli.broker.passwd": {EN: "users: {users} (hashed)", ZH: "用户：{users}（已散列）"},
    "cli.broker.ca": {
        EN: "the authority clients check the broker with: copy to each console",
        ZH: "客户端用来校验代理的证书颁发机构：复制到每台控制台",
    },
    "cli.broker.ca_key": {
        EN: "the authority's key: keep it safe, off the plant network if you can",
        ZH: "证书颁发机构的私钥：妥善保管，尽量不放在工厂网络上",
    },
    "cli.broker.certificate": {
        EN: "the broker's certificate for {hosts}, valid until {date}",
        ZH: "代理为 {hosts} 签发的证书，有效期至 {date}",
    },
    "cli.broker.secret": {
        EN: "{user}'s password (owner-only: copy to its machine, chmod 600)",
        ZH: "{user} 的密码（仅所有者可读：复制到其所在机器，chmod 600）",
    },
    "cli.broker.start_broker": {EN: "start the broker:  {command}", ZH: "启动代理：  {command}"},
    "cli.broker.start_server": {EN: "start the server:  {command}", ZH: "启动服务器：  {command}"},
    "cli.broker.console": {EN: "console {name}:  {command}", ZH: "控制台 {name}：  {command}"},
    "cli.broker.elsewhere": {
        EN: "(on another machine: copy ca.crt and the user's .pw file there and name those paths)",
        ZH: "（在其他机器上：将 ca.crt 和该用户的 .pw 文件复制过去，并指明其路径）",
    },
}

COMMAND_MESSAGES: dict[str, dict[Language, str]] = {
    **ARGPARSE_MESSAGES,
    **HELP_MESSAGES,
    **SERVICE_HELP_MESSAGES,
    **OUTPUT_MESSAGES,
}
