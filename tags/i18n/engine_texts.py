"""The engine's texts outside reports (predictive warnings, instrument health, loop checks,
forcing, the historian, the command line), by message id, in English and Simplified Chinese;
tags/i18n/catalogue.py takes them in."""

from __future__ import annotations

from tags.i18n.language import Language

EN, ZH = Language.EN, Language.ZH_CN

ENGINE_MESSAGES: dict[str, dict[Language, str]] = {
    # logging in and user accounts ---------------------------------------------------------------
    "login.bad_credentials": {EN: "unknown user or wrong password", ZH: "用户名或密码错误"},
    "login.locked": {
        EN: "account '{name}' is locked until {time} after {failures} failed logins",
        ZH: "账户“{name}”因 {failures} 次登录失败已锁定，至 {time} 解锁",
    },
    "login.accounts_unreadable": {
        EN: "the user accounts cannot be read: {why}",
        ZH: "无法读取用户账户：{why}",
    },
    "users.password_short": {
        EN: "password too short: at least {minimum} characters are required",
        ZH: "密码太短：至少需要 {minimum} 个字符",
    },
    "users.exists": {EN: "a user named '{name}' already exists", ZH: "用户“{name}”已存在"},
    "users.no_areas": {
        EN: "areas must name at least one area (or be None for all areas)",
        ZH: "区域至少须指定一个（或为 None 表示全部区域）",
    },
    # OPC UA quality names as people read them -----------------------------------------------
    "word.quality.good": {EN: "Good", ZH: "好"},
    "word.quality.goodlocaloverride": {EN: "GoodLocalOverride", ZH: "好（本地强制）"},
    "word.quality.uncertain": {EN: "Uncertain", ZH: "不确定"},
    "word.quality.uncertainlastusablevalue": {
        EN: "UncertainLastUsableValue",
        ZH: "不确定（最后可用值）",
    },
    "word.quality.uncertainsubstitutevalue": {
        EN: "UncertainSubstituteValue",
        ZH: "不确定（替代值）",
    },
    "word.quality.uncertaininitialvalue": {EN: "UncertainInitialValue", ZH: "不确定（初始值）"},
    "word.quality.uncertainsensornotaccurate": {
        EN: "UncertainSensorNotAccurate",
        ZH: "不确定（传感器不准确）",
    },
    "word.quality.uncertainengineeringunitsexceeded": {
        EN: "UncertainEngineeringUnitsExceeded",
        ZH: "不确定（超出工程量程）",
    },
    "word.quality.bad": {EN: "Bad", ZH: "坏"},
    "word.quality.badcommunicationerror": {EN: "BadCommunicationError", ZH: "坏（通讯错误）"},
    "word.quality.badtimeout": {EN: "BadTimeout", ZH: "坏（超时）"},
    "word.quality.baduseraccessdenied": {EN: "BadUserAccessDenied", ZH: "坏（用户访问被拒绝）"},
    "word.quality.badidentitytokenrejected": {
        EN: "BadIdentityTokenRejected",
        ZH: "坏（身份令牌被拒绝）",
    },
    "word.quality.badcertificateuntrusted": {
        EN: "BadCertificateUntrusted",
        ZH: "坏（证书不受信任）",
    },
    "word.quality.badsecuritychecksfailed": {
        EN: "BadSecurityChecksFailed",
        ZH: "坏（安全检查失败）",
    },
    "word.quality.badnocommunication": {EN: "BadNoCommunication", ZH: "坏（无通讯）"},
    "word.quality.badwaitingforinitialdata": {
        EN: "BadWaitingForInitialData",
        ZH: "坏（等待初始数据）",
    },
    "word.quality.badnodeidunknown": {EN: "BadNodeIdUnknown", ZH: "坏（节点 ID 未知）"},
    "word.quality.badoutofrange": {EN: "BadOutOfRange", ZH: "坏（超量程）"},
    "word.quality.badtypemismatch": {EN: "BadTypeMismatch", ZH: "坏（类型不匹配）"},
    "word.quality.badconfigurationerror": {EN: "BadConfigurationError", ZH: "坏（组态错误）"},
    "word.quality.badnotconnected": {EN: "BadNotConnected", ZH: "坏（未连接）"},
    "word.quality.baddevicefailure": {EN: "BadDeviceFailure", ZH: "坏（设备故障）"},
    "word.quality.badsensorfailure": {EN: "BadSensorFailure", ZH: "坏（传感器故障）"},
    "word.quality.badoutofservice": {EN: "BadOutOfService", ZH: "坏（停用）"},
    # predictive warnings and instrument health -----------------------------------------------
    "predict.reaches": {EN: "{tag} reaches {limit} {when}", ZH: "{tag} 将{when}达到 {limit}"},
    "predict.under_a_minute": {EN: "in less than a minute", ZH: "在 1 分钟内"},
    "predict.minutes": {EN: "in about {minutes} min", ZH: "在约 {minutes} min 后"},
    "predict.hours": {EN: "in about {hours} h", ZH: "在约 {hours} h 后"},
    "health.issue": {EN: "{tag}: {check}, {detail}", ZH: "{tag}：{check}，{detail}"},
    "health.out_of_range": {
        EN: "reads {value} outside {low}..{high}{unit} ({quality})",
        ZH: "读数 {value} 超出 {low}..{high}{unit}（{quality}）",
    },
    "health.bad_quality": {
        EN: "not Good {percent} % of the last {minutes} min, now {quality}{reason}",
        ZH: "最近 {minutes} min 内 {percent} % 的时间质量非好，当前 {quality}{reason}",
    },
    "health.reason": {EN: ": {reason}", ZH: "：{reason}"},
    "health.stuck_low": {
        EN: "at the range low end ({value}) for {minutes} min",
        ZH: "停留在量程下限（{value}）已 {minutes} min",
    },
    "health.stuck_high": {
        EN: "at the range high end ({value}) for {minutes} min",
        ZH: "停留在量程上限（{value}）已 {minutes} min",
    },
    "health.samples": {EN: "{count} recorded samples", ZH: "{count} 个记录样本"},
    "health.scans": {EN: "{count} scans", ZH: "{count} 次扫描"},
    "health.frozen": {
        EN: "{value} unchanged for {minutes} min ({evidence})",
        ZH: "{value} 已 {minutes} min 未变化（{evidence}）",
    },
    "health.noisy": {
        EN: "noise ±{noise} ({percent} % of the range)",
        ZH: "噪声 ±{noise}（量程的 {percent} %）",
    },
    # loop checks ----------------------------------------------------------------------------
    "loop.sheets": {EN: "Loop-check sheets", ZH: "回路检查表"},
    "loop.subject": {EN: "{project} loop-check sheets", ZH: "{project} 回路检查表"},
    "loop.printed": {EN: "Printed", ZH: "打印时间"},
    "loop.progress": {EN: "Progress", ZH: "进度"},
    "loop.col.area": {EN: "area", ZH: "区域"},
    "loop.col.loops": {EN: "loops", ZH: "回路数"},
    "loop.col.checked": {EN: "checked", ZH: "已检查"},
    "loop.col.failed": {EN: "failed", ZH: "不合格"},
    "loop.col.not_yet": {EN: "not yet", ZH: "未检查"},
    "loop.all_areas": {EN: "all areas", ZH: "全部区域"},
    "loop.col.loop": {EN: "loop", ZH: "回路"},
    "loop.col.about": {EN: "type, range, alarms", ZH: "类型、量程、报警"},
    "loop.col.screens": {EN: "screens", ZH: "画面"},
    "loop.col.points": {EN: "points seen", ZH: "检查点读数"},
    "loop.col.status": {EN: "status", ZH: "状态"},
    "loop.area": {EN: "Area {area}", ZH: "区域 {area}"},
    "loop.range": {EN: "{low} to {high}", ZH: "{low} 至 {high}"},
    "loop.alarms": {EN: "alarms {alarms}", ZH: "报警 {alarms}"},
    "loop.point_not_yet": {EN: "{point}: not yet", ZH: "{point}：未检查"},
    "loop.pass": {EN: "pass", ZH: "合格"},
    "loop.fail": {EN: "FAIL", ZH: "不合格"},
    "loop.point_line": {EN: "{point} {verdict}, {user} {at}", ZH: "{point} {verdict}，{user} {at}"},
    "loop.point": {
        EN: "{point}: seen {seen}, expected {expected}{tolerance}",
        ZH: "{point}：读数 {seen}，期望值 {expected}{tolerance}",
    },
    "loop.note": {EN: "{text} ({note})", ZH: "{text}（{note}）"},
    "loop.progress_text": {
        EN: "{checked} checked, {failed} failed, {not_yet} not yet, of {total}",
        ZH: "共 {total} 个：已检查 {checked}，不合格 {failed}，未检查 {not_yet}",
    },
    "loop.not_a_loop": {
        EN: "'{tag}' is not a loop of the checklist (a field point)",
        ZH: "“{tag}”不是检查清单中的回路（现场点）",
    },
    "loop.not_a_point": {
        EN: "point: '{point}' is not a check point of {tag} (points: {points})",
        ZH: "检查点：“{point}”不是 {tag} 的检查点（检查点：{points}）",
    },
    "loop.not_a_number": {EN: "value: {value} is not a number", ZH: "数值：{value} 不是数字"},
    "loop.no_usable_value": {
        EN: "{tag} has no usable value to capture (quality {quality}{reason})",
        ZH: "{tag} 没有可采集的可用数值（质量 {quality}{reason}）",
    },
    "loop.forced": {
        EN: "{tag} is forced: release it to capture what the instrument gives",
        ZH: "{tag} 已被强制：请先解除强制，再采集仪表的实际数值",
    },
    "loop.captured_with": {EN: "captured with quality {quality}", ZH: "采集时质量为 {quality}"},
    "loop.tolerance": {
        EN: "tolerance: must be more than 0 and at most {percent} % of the span",
        ZH: "允差：必须大于 0 且不超过量程的 {percent} %",
    },
    "loop.note_needed": {
        EN: "note: a failed loop needs a note (what is wrong)",
        ZH: "备注：不合格的回路需要备注（说明问题）",
    },
    "loop.note_too_long": {EN: "note: at most {count} characters", ZH: "备注：最多 {count} 个字符"},
    "word.loop.not_yet": {EN: "not yet", ZH: "未检查"},
    "word.loop.in_progress": {EN: "in progress", ZH: "检查中"},
    "word.loop.checked": {EN: "checked", ZH: "已检查"},
    "word.loop.failed": {EN: "failed", ZH: "不合格"},
    # forcing: sources and targets ------------------------------------------------------------
    "force.text_tag": {
        EN: "{tag} holds text: a simulated source gives numbers",
        ZH: "{tag} 为文本位号：仿真数据源只提供数字",
    },
    "force.model_has_no_value": {
        EN: "the plant model has no value for {tag} (its source {source} is not a point the "
        "field simulator serves)",
        ZH: "装置模型中没有 {tag} 的数值（其数据源 {source} 不是现场仿真器提供的点）",
    },
    "force.source": {EN: "source: {why}", ZH: "数据源：{why}"},
    "force.source_kind": {
        EN: "source '{source}': a sim:// address or '{model}' (the plant model)",
        ZH: "数据源“{source}”：应为 sim:// 地址或“{model}”（装置模型）",
    },
    "force.source_bad": {EN: "source '{source}': {why}", ZH: "数据源“{source}”：{why}"},
    "force.source_unknown": {
        EN: "source '{source}': not a signal (sim://signal/<shape>) nor a plant model point",
        ZH: "数据源“{source}”：既不是信号（sim://signal/<shape>），也不是装置模型点",
    },
    "force.source_out_of_range": {
        EN: "source '{source}' gives values outside the range: {why}",
        ZH: "数据源“{source}”给出的数值超出量程：{why}",
    },
    "force.no_target": {
        EN: "name a tag, an area or a pattern of tag names",
        ZH: "请给出位号、区域或位号名称模式",
    },
    "force.pattern_matches_nothing": {
        EN: "the pattern '{pattern}' matches no tag",
        ZH: "模式“{pattern}”没有匹配的位号",
    },
    "force.no_such_target": {
        EN: "no tag or area named '{target}'{known}",
        ZH: "没有名为“{target}”的位号或区域{known}",
    },
    "force.known_areas": {EN: " (areas: {areas})", ZH: "（区域：{areas}）"},
    # the historian ---------------------------------------------------------------------------
    "history.behind": {
        EN: "history is {seconds} s behind ({samples} samples waiting{disk})",
        ZH: "历史数据滞后 {seconds} s（{samples} 个样本等待写入{disk}）",
    },
    "history.on_disk": {EN: ", {mb} MB on disk", ZH: "，磁盘占用 {mb} MB"},
    "history.lost": {EN: ", {count} samples lost", ZH: "，已丢失 {count} 个样本"},
    "history.why": {EN: "{text}: {reason}", ZH: "{text}：{reason}"},
    "history.waiting": {EN: "waiting to be written", ZH: "等待写入"},
    # the command line -----------------------------------------------------------------------
    "cli.refused": {EN: "refused: {why}", ZH: "已拒绝：{why}"},
    "cli.wrote_rows": {EN: "wrote {rows} rows to {path}", ZH: "已写入 {rows} 行到 {path}"},
    "cli.wrote_pages": {EN: "wrote {pages} pages to {path}", ZH: "已写入 {pages} 页到 {path}"},
    "cli.wrote_pdf": {
        EN: "-> {path} ({pages} pages, {kb} KB)",
        ZH: "-> {path}（{pages} 页，{kb} KB）",
    },
    "cli.cannot_read": {EN: "{where}: cannot be read ({why})", ZH: "{where}：无法读取（{why}）"},
    "cli.cannot_write": {EN: "cannot write {path}: {why}", ZH: "无法写入 {path}：{why}"},
    "cli.empty_period": {
        EN: "the report period is empty (--to must be after --from)",
        ZH: "报表时段为空（--to 必须晚于 --from）",
    },
    "cli.no_samples": {EN: "{name} holds no samples", ZH: "{name} 中没有样本"},
    "cli.report_head": {
        EN: "{title} ({project}, {minutes} min)",
        ZH: "{title}（{project}，{minutes} min）",
    },
    "cli.energy_csv": {
        EN: "energy figures: {rows} rows -> {path}",
        ZH: "能源数据：{rows} 行 -> {path}",
    },
    "cli.no_reports": {EN: "no reports kept in {folder}", ZH: "{folder} 中没有保存的报表"},
    "cli.reports_unlisted": {
        EN: "the reports cannot be listed ({why})",
        ZH: "无法列出报表（{why}）",
    },
    "cli.all_areas": {EN: "all areas", ZH: "全部区域"},
    "cli.loop_failed": {EN: "failed {tag}: {note}", ZH: "不合格 {tag}：{note}"},
    "cli.loop_point": {EN: "{tag} {point}: {verdict}", ZH: "{tag} {point}：{verdict}"},
    "cli.loop_state": {EN: "{tag} is {status}{note}", ZH: "{tag} 状态：{status}{note}"},
    "cli.screens_unlisted": {
        EN: "the screens are not listed on the sheets: {why}",
        ZH: "检查表中未列出画面：{why}",
    },
    "cli.problems": {
        EN: "{count} problem(s); nothing loaded",
        ZH: "{count} 个问题；未加载任何内容",
    },
    "cli.screen_problems": {EN: "{count} problem(s) in the screens", ZH: "画面中有 {count} 个问题"},
    "cli.unknown_tag": {EN: "unknown tag '{tag}'", ZH: "未知位号“{tag}”"},
    "cli.forced": {EN: "forced {what}", ZH: "已强制 {what}"},
    "cli.released": {EN: "released {tag} (was {what})", ZH: "已解除 {tag}（原为 {what}）"},
    "cli.no_forces": {EN: "no forced values", ZH: "没有强制值"},
    "cli.release_takes": {
        EN: "release takes a TAG or --all-simulated (one of them)",
        ZH: "release 需要一个 TAG 或 --all-simulated（二者之一）",
    },
    "cli.no_sessions": {EN: "no training sessions yet", ZH: "尚无培训课次"},
    "cli.no_history": {EN: "no history at {path}", ZH: "{path} 处没有历史数据"},
    "cli.no_session_history": {
        EN: "no history at {path}: the plant values of the sessions are not there",
        ZH: "{path} 处没有历史数据：课次的装置数值不在其中",
    },
}
