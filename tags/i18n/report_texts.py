"""The shift report's and the training debrief's texts (PDF and command line), by message id,
in English and Simplified Chinese; tags/i18n/catalogue.py takes them in."""

from __future__ import annotations

from tags.i18n.language import Language

EN, ZH = Language.EN, Language.ZH_CN

REPORT_MESSAGES: dict[str, dict[Language, str]] = {
    # the shift report: its head --------------------------------------------------------------
    "report.title": {EN: "Shift report {label}", ZH: "交接班报表 {label}"},
    "report.period_label": {EN: "{start} to {end}", ZH: "{start} 至 {end}"},
    "report.subject": {EN: "{project} shift report", ZH: "{project} 交接班报表"},
    "report.page": {EN: "page {page}", ZH: "第 {page} 页"},
    "report.author": {EN: "Operator console", ZH: "操作员控制台"},
    "report.project": {EN: "Project", ZH: "项目"},
    "report.period": {EN: "Period", ZH: "时段"},
    "report.period_span": {EN: "{start} to {end} ({hours} h)", ZH: "{start} 至 {end}（{hours} h）"},
    "report.source": {EN: "Source", ZH: "数据来源"},
    "report.console_history": {EN: "console history", ZH: "控制台历史数据"},
    "report.generated": {EN: "Generated", ZH: "生成时间"},
    "report.none": {EN: "none", ZH: "无"},
    "report.na": {EN: "n/a", ZH: "无数据"},
    "report.met": {EN: "met", ZH: "达标"},
    "report.missed": {EN: "missed", ZH: "未达标"},
    # events and downtime ---------------------------------------------------------------------
    "report.events": {EN: "Events and downtime", ZH: "事件与停机"},
    "report.col.stopped": {EN: "stopped", ZH: "停机时间"},
    "report.col.unit": {EN: "unit", ZH: "设备"},
    "report.col.what": {EN: "what", ZH: "原因"},
    "report.col.down": {EN: "down", ZH: "停机时长"},
    "report.col.back": {EN: "back at full rate", ZH: "恢复满负荷"},
    "report.col.lost": {EN: "lost", ZH: "损失"},
    "report.not_in_period": {EN: "not in this period", ZH: "本时段内未恢复"},
    "report.still_stopped": {EN: "still stopped at the end", ZH: "时段结束时仍停机"},
    "report.not_known": {EN: "not known", ZH: "未知"},
    "report.minutes": {EN: "{minutes} min", ZH: "{minutes} min"},
    "report.no_stop": {EN: "no unit stopped in this period", ZH: "本时段内无设备停机"},
    "report.event": {
        EN: "{unit} stopped{cause} for {minutes} min{lost}",
        ZH: "{unit} 停机{cause}，共 {minutes} min{lost}",
    },
    "report.event_cause": {EN: " ({cause})", ZH: "（{cause}）"},
    "report.event_lost": {EN: ", {lost} {product} lost", ZH: "，损失 {lost} {product}"},
    "report.no_unit_alarm": {EN: "no alarm of the unit", ZH: "该设备无报警"},
    "report.event_line": {EN: "event: {text}", ZH: "事件：{text}"},
    "report.mark.stop": {EN: "stop", ZH: "停机"},
    "report.mark.restart": {EN: "restart", ZH: "重新启动"},
    "report.mark.full_rate": {EN: "full rate", ZH: "满负荷"},
    "report.event_chart": {EN: "{unit} stop at {time}: {tags}", ZH: "{unit} {time} 停机：{tags}"},
    # production against plan ---------------------------------------------------------------
    "report.plan": {EN: "Production against plan", ZH: "产量与计划对比"},
    "report.col.plan": {EN: "plan", ZH: "计划"},
    "report.col.actual": {EN: "actual", ZH: "实际"},
    "report.col.difference": {EN: "difference", ZH: "差额"},
    "report.col.of_plan": {EN: "of plan", ZH: "完成率"},
    "report.col.lost_to_stops": {EN: "lost to stops", ZH: "停机损失"},
    "report.no_plan": {
        EN: "no plan in the project (plan_per_shift of an energy area)",
        ZH: "项目中没有计划（能源区域的 plan_per_shift）",
    },
    "report.plan_note": {
        EN: "The plan is the project's per shift, prorated over the period.",
        ZH: "计划为项目的每班计划，按本时段折算。",
    },
    # production and energy -----------------------------------------------------------------
    "report.production": {EN: "Production and quality", ZH: "产量与质量"},
    "report.col.value": {EN: "value", ZH: "数值"},
    "report.col.target": {EN: "target", ZH: "目标"},
    "report.no_production": {
        EN: "No production figures were recorded in this period.",
        ZH: "本时段内未记录产量数据。",
    },
    "report.not_recorded": {EN: "not recorded", ZH: "未记录"},
    "report.energy": {EN: "Energy", ZH: "能源"},
    "report.no_energy": {
        EN: "No area of this project declares energy figures.",
        ZH: "本项目没有区域声明能源指标。",
    },
    "report.coverage": {EN: "Data coverage: {cover}.", ZH: "数据覆盖率：{cover}。"},
    "report.col.series": {EN: "{area} series", ZH: "{area} 系列"},
    "report.col.cost": {EN: "cost {currency}", ZH: "成本 {currency}"},
    "report.col.mean_ka": {EN: "mean kA", ZH: "平均 kA"},
    "report.col.mean_v": {EN: "mean V", ZH: "平均 V"},
    "report.col.ce": {EN: "CE %", ZH: "电流效率 %"},
    "report.tariff_ce": {
        EN: "Tariff periods: {bands}. Measured CE (tag mean): {ce} %.",
        ZH: "电价时段：{bands}。实测电流效率（位号平均值）：{ce} %。",
    },
    "report.area_energy": {
        EN: "{area} energy: {kwh} kWh ({basis}), cost {cost} {currency}; tariff periods: {bands}.",
        ZH: "{area} 能耗：{kwh} kWh（{basis}），成本 {cost} {currency}；电价时段：{bands}。",
    },
    "report.heat_to_power": {
        EN: "{area}: auxiliaries {aux} MWh, net efficiency {eff} %, export value {value} "
        "{currency}.",
        ZH: "{area}：厂用电 {aux} MWh，净效率 {eff} %，上网电量价值 {value} {currency}。",
    },
    "report.nothing_recorded": {
        EN: "{area}: nothing recorded in this period.",
        ZH: "{area}：本时段内无记录。",
    },
    "report.power_tag": {EN: "power tag {tag}", ZH: "功率位号 {tag}"},
    "report.power_configured": {
        EN: "configured {kwh} kWh per {unit}",
        ZH: "按配置每{unit} {kwh} kWh",
    },
    "report.targets": {EN: "Compared with targets", ZH: "与目标对比"},
    "report.col.better": {EN: "better", ZH: "优方向"},
    "report.col.result": {EN: "result", ZH: "结果"},
    "report.better.lower": {EN: "lower", ZH: "越低越好"},
    "report.better.higher": {EN: "higher", ZH: "越高越好"},
    "report.energy_chart": {EN: "Energy per period (MWh)", ZH: "各时段能耗（MWh）"},
    "report.exported": {EN: "{area} exported", ZH: "{area} 上网"},
    "report.used": {EN: "{area} used", ZH: "{area} 用电"},
    # alarms ----------------------------------------------------------------------------------
    "report.alarms": {EN: "Alarms", ZH: "报警"},
    "report.kpi": {EN: "Alarm system performance (EEMUA 191)", ZH: "报警系统性能（EEMUA 191）"},
    "report.annunciated": {EN: "Annunciated alarms", ZH: "已通告报警"},
    "report.average": {
        EN: "Average per {minutes} min (target {target})",
        ZH: "每 {minutes} min 平均（目标 {target}）",
    },
    "report.peak": {EN: "Peak in any {minutes} min", ZH: "任意 {minutes} min 内峰值"},
    "report.floods": {EN: "Floods / time in flood", ZH: "报警泛滥次数 / 泛滥时长"},
    "report.chattering": {EN: "Chattering alarms", ZH: "振荡报警"},
    "report.priority_mix": {EN: "Priority mix", ZH: "优先级分布"},
    "report.top": {EN: "Top 10 alarms", ZH: "前 10 位报警"},
    "report.col.count": {EN: "count", ZH: "次数"},
    "report.col.share": {EN: "share", ZH: "占比"},
    "report.standing": {EN: "Standing at the end", ZH: "结束时仍存在的报警"},
    "report.shelved": {EN: "Shelved at the end", ZH: "结束时已搁置的报警"},
    "report.col.priority": {EN: "priority", ZH: "优先级"},
    "report.col.state": {EN: "state", ZH: "状态"},
    "report.col.since": {EN: "since", ZH: "起始"},
    "report.col.message": {EN: "message", ZH: "报警信息"},
    "report.by_user": {EN: " (by {user}: {comment})", ZH: "（{user}：{comment}）"},
    "report.alarm_actions": {
        EN: "Operator actions on alarms: {actions}.",
        ZH: "操作员对报警的操作：{actions}。",
    },
    "report.suppressed": {
        EN: "Suppressed by design (not annunciated)",
        ZH: "按设计抑制（未通告）",
    },
    "report.col.alarms": {EN: "alarms", ZH: "报警数"},
    "report.col.from": {EN: "from", ZH: "开始"},
    "report.suppressed_total": {
        EN: "{count} alarms suppressed by design in this period.",
        ZH: "本时段内按设计抑制报警 {count} 条。",
    },
    "report.condition_not_recorded": {EN: "condition not recorded", ZH: "未记录条件"},
    # writes, notes, instruments --------------------------------------------------------------
    "report.writes": {EN: "Operator writes", ZH: "操作员写入"},
    "report.col.time": {EN: "time", ZH: "时间"},
    "report.col.user": {EN: "user", ZH: "用户"},
    "report.col.tag": {EN: "tag", ZH: "位号"},
    "report.col.old_new": {EN: "old -> new", ZH: "原值 -> 新值"},
    "report.col.reason": {EN: "reason", ZH: "原因"},
    "report.anchor": {
        EN: "Audit trail anchor: record {seq}, MAC {mac}… (audit verify compares the trail "
        "with the anchor kept with this report).",
        ZH: "审计追踪锚点：记录 {seq}，MAC {mac}…（audit verify 将审计追踪与本报表保存的锚点"
        "进行比对）。",
    },
    "report.notes": {EN: "Shift notes", ZH: "交接班记事"},
    "report.no_notes": {EN: "No notes.", ZH: "无记事。"},
    "report.instruments": {EN: "Instrument health", ZH: "仪表健康"},
    "report.col.instruments": {EN: "instruments", ZH: "仪表"},
    "report.col.severity": {EN: "severity", ZH: "严重程度"},
    "report.col.check": {EN: "check", ZH: "检查项"},
    "report.col.until": {EN: "until", ZH: "结束"},
    "report.col.detail": {EN: "detail", ZH: "详情"},
    "report.until_end": {EN: "end", ZH: "结束时"},
    "report.no_issues": {EN: "no instrument issues", ZH: "无仪表问题"},
    "report.off_not_judged": {
        EN: "Instruments of equipment that was off (its alarms suppressed by design) are not "
        "judged while it is off.",
        ZH: "设备停运期间（其报警按设计抑制），不评判该设备的仪表。",
    },
    "report.predictions": {
        EN: "Predictive warnings at the end of the period",
        ZH: "时段结束时的预测预警",
    },
    "report.prediction": {
        EN: "{text} (confidence {confidence}, {rate} {unit}/min)",
        ZH: "{text}（置信度 {confidence}，{rate} {unit}/min）",
    },
    "report.no_predictions": {
        EN: "None: no tag of running equipment is heading for a limit.",
        ZH: "无：运行设备的位号均未趋近限值。",
    },
    "report.event_trends": {EN: "Trends around each event", ZH: "各事件前后趋势"},
    "report.trends": {EN: "Trends", ZH: "趋势"},
    # the command line's summary --------------------------------------------------------------
    "report.alarm_count": {EN: "{count} alarms", ZH: "报警 {count} 条"},
    "report.lines_alarms": {
        EN: "alarms: {annunciated} annunciated, {average} per {minutes} min (peak {peak}), "
        "{standing} standing, {shelved} shelved, {suppressed} suppressed by design",
        ZH: "报警：已通告 {annunciated} 条，每 {minutes} min 平均 {average} 条（峰值 {peak}），"
        "仍存在 {standing} 条，已搁置 {shelved} 条，按设计抑制 {suppressed} 条",
    },
    "report.lines_rest": {
        EN: "operator writes {writes}, notes {notes}, instrument issues {issues}, predictive "
        "warnings {warnings}",
        ZH: "操作员写入 {writes} 次，记事 {notes} 条，仪表问题 {issues} 项，预测预警 {warnings} 条",
    },
    # the production section's figure names (templates of tags/analytics/energy_catalogue.py) --
    "figure.Baseline export": {EN: "Baseline export", ZH: "基准上网电量"},
    "figure.Cost per {unit} {product}": {
        EN: "Cost per {unit} {product}",
        ZH: "每{unit} {product} 成本",
    },
    "figure.Current efficiency": {EN: "Current efficiency", ZH: "电流效率"},
    "figure.Cycle efficiency": {EN: "Cycle efficiency", ZH: "循环效率"},
    "figure.DC energy": {EN: "DC energy", ZH: "直流电耗"},
    "figure.DC specific energy": {EN: "DC specific energy", ZH: "吨锰直流电耗"},
    "figure.Energy": {EN: "Energy", ZH: "能耗"},
    "figure.Energy cost": {EN: "Energy cost", ZH: "能源成本"},
    "figure.Energy per {unit} {product}": {
        EN: "Energy per {unit} {product}",
        ZH: "每{unit} {product} 能耗",
    },
    "figure.Exported": {EN: "Exported", ZH: "上网电量"},
    "figure.Gain over baseline": {EN: "Gain over baseline", ZH: "较基准增量"},
    "figure.Generated": {EN: "Generated", ZH: "发电量"},
    "figure.Heat recovered": {EN: "Heat recovered", ZH: "余热回收量"},
    "figure.Specific energy": {EN: "Specific energy", ZH: "单位能耗"},
    "figure.Yield": {EN: "Yield", ZH: "产率"},
    "figure.{Consumable} per t {feed}": {
        EN: "{Consumable} per t {feed}",
        ZH: "每吨{feed}的{Consumable}",
    },
    "figure.{Feed}": {EN: "{Feed}", ZH: "{Feed}"},
    "figure.{Product}": {EN: "{Product}", ZH: "{Product}"},
    "figure.{Product} produced": {EN: "{Product} produced", ZH: "{Product} 产量"},
    "figure.{Product} {quality}": {EN: "{Product} {quality}", ZH: "{Product} {quality}"},
    # words of the engine's enumerations (word(kind, value)) -----------------------------------
    "word.priority.critical": {EN: "critical", ZH: "紧急"},
    "word.priority.high": {EN: "high", ZH: "高"},
    "word.priority.medium": {EN: "medium", ZH: "中"},
    "word.priority.low": {EN: "low", ZH: "低"},
    "word.state.normal": {EN: "normal", ZH: "正常"},
    "word.state.active_unack": {EN: "active_unack", ZH: "激活未确认"},
    "word.state.active_ack": {EN: "active_ack", ZH: "激活已确认"},
    "word.state.rtn_unack": {EN: "rtn_unack", ZH: "已恢复未确认"},
    "word.state.latched": {EN: "latched", ZH: "已锁存"},
    "word.state.shelved": {EN: "shelved", ZH: "已搁置"},
    "word.state.suppressed": {EN: "suppressed", ZH: "已抑制"},
    "word.state.out_of_service": {EN: "out_of_service", ZH: "已停用"},
    "word.journal.active": {EN: "active", ZH: "激活"},
    "word.journal.cleared": {EN: "cleared", ZH: "恢复"},
    "word.journal.realarm": {EN: "realarm", ZH: "重新报警"},
    "word.journal.ack": {EN: "ack", ZH: "确认"},
    "word.journal.reset": {EN: "reset", ZH: "复位"},
    "word.journal.shelve": {EN: "shelve", ZH: "搁置"},
    "word.journal.unshelve": {EN: "unshelve", ZH: "解除搁置"},
    "word.journal.auto_unshelve": {EN: "auto_unshelve", ZH: "自动解除搁置"},
    "word.journal.suppress": {EN: "suppress", ZH: "抑制"},
    "word.journal.unsuppress": {EN: "unsuppress", ZH: "解除抑制"},
    "word.journal.out_of_service": {EN: "out_of_service", ZH: "停用"},
    "word.journal.return_to_service": {EN: "return_to_service", ZH: "恢复投用"},
    "word.severity.advisory": {EN: "advisory", ZH: "提示"},
    "word.severity.warning": {EN: "warning", ZH: "警告"},
    "word.severity.fault": {EN: "fault", ZH: "故障"},
    "word.check.out_of_range": {EN: "out of range", ZH: "超量程"},
    "word.check.bad_quality": {EN: "bad quality", ZH: "质量坏"},
    "word.check.frozen": {EN: "frozen", ZH: "数值冻结"},
    "word.check.stuck_at_limit": {EN: "stuck at limit", ZH: "卡在限值"},
    "word.check.noisy": {EN: "noisy", ZH: "噪声过大"},
}


def word_id(kind: str, value: str) -> str:
    """The id of an enumeration's value as people read it (``word.check.out_of_range``)."""
    return f"word.{kind}.{value.lower().replace(' ', '_')}"
