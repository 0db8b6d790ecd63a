"""The command line's texts (what the commands print and argparse's own words; their help in
command_help_texts.py and command_service_texts.py), by message id, in English and Simplified
Chinese; tags/i18n/catalogue.py takes them in.

Help texts go through argparse, which %-formats them: a percent sign in one is ``%%``. The
argparse words keep argparse's own %-placeholders (``%(prog)s``, ``%s``) in both languages.
"""

from __future__ import annotations

from tags.i18n.command_help_texts import HELP_MESSAGES
from tags.i18n.command_service_texts import SERVICE_HELP_MESSAGES
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
