"""The message catalogue: every engine text that reaches people, by message id, in English and
Simplified Chinese, with ``{placeholders}`` for the values (already formatted: numbers with
the tag's format and unit, times as shown).

A new text gets an id here with both languages (a test checks every id has both, with the
same placeholders) and is made with ``text(id, **values)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from tags.i18n.command_texts import COMMAND_MESSAGES
from tags.i18n.config_texts import CONFIG_MESSAGES
from tags.i18n.config_texts_more import CONFIG_MORE_MESSAGES
from tags.i18n.engine_texts import ENGINE_MESSAGES
from tags.i18n.language import Language, current_language
from tags.i18n.report_texts import REPORT_MESSAGES
from tags.i18n.runtime_texts import RUNTIME_MESSAGES
from tags.i18n.screen_texts import SCREEN_MESSAGES

EN, ZH = Language.EN, Language.ZH_CN

_MESSAGES: dict[str, dict[Language, str]] = {
    # a tag by name ---------------------------------------------------------------------------
    "tag.unknown": {EN: "unknown tag '{tag}'", ZH: "未知位号“{tag}”"},
    # the write path: the value -----------------------------------------------------------------
    "write.no_value": {EN: "no value given", ZH: "未给出数值"},
    "write.takes_text": {
        EN: "{tag} takes text, not {value}",
        ZH: "{tag} 只接受文本，不接受 {value}",
    },
    "write.takes_bool": {
        EN: "{tag} takes 0/1 (or a state name), not {value}",
        ZH: "{tag} 只接受 0/1（或状态名称），不接受 {value}",
    },
    "write.takes_number": {
        EN: "{tag} takes a number, not {value}",
        ZH: "{tag} 只接受数字，不接受 {value}",
    },
    "write.not_finite": {EN: "{value} is not a finite number", ZH: "{value} 不是有限数值"},
    "write.takes_whole_number": {
        EN: "{tag} takes a whole number, not {value}",
        ZH: "{tag} 只接受整数，不接受 {value}",
    },
    "write.not_a_value": {
        EN: "'{text}' is not a value of {tag}",
        ZH: "“{text}”不是 {tag} 的有效值",
    },
    "write.below_write_limit": {
        EN: "{value} is below the write limit {limit}",
        ZH: "{value} 低于写入下限 {limit}",
    },
    "write.above_write_limit": {
        EN: "{value} is above the write limit {limit}",
        ZH: "{value} 高于写入上限 {limit}",
    },
    "write.below_range": {
        EN: "{value} is below the engineering range limit {limit}",
        ZH: "{value} 低于工程量程下限 {limit}",
    },
    "write.above_range": {
        EN: "{value} is above the engineering range limit {limit}",
        ZH: "{value} 高于工程量程上限 {limit}",
    },
    "write.register_misfit": {
        EN: "{value} does not fit {tag}'s register ({misfit})",
        ZH: "{value} 超出 {tag} 寄存器的范围（{misfit}）",
    },
    # the write path: the tag and its state -----------------------------------------------------
    "write.not_writable": {EN: "{tag} is not writable", ZH: "{tag} 不可写"},
    "write.forced": {
        EN: "{tag} is forced ({reason}): the value shown is not the field's; release the force "
        "before writing to the field",
        ZH: "{tag} 已被强制（{reason}）：显示的值不是现场值；向现场写入前请先解除强制",
    },
    "write.link_down": {EN: "link down: {reason}", ZH: "通讯中断：{reason}"},
    "write.no_value_yet": {
        EN: "{tag} has no value yet (waiting for first data)",
        ZH: "{tag} 尚无数值（等待首个数据）",
    },
    "write.stale": {
        EN: "{tag} is stale: no update for {seconds} s",
        ZH: "{tag} 数值陈旧：已 {seconds} s 未更新",
    },
    "write.no_driver": {
        EN: "no driver serves {scheme}:// sources",
        ZH: "没有驱动程序处理 {scheme}:// 数据源",
    },
    # the write path: the outcome ---------------------------------------------------------------
    "write.not_sent": {EN: "not sent: {why}", ZH: "未发送：{why}"},
    "write.no_answer": {EN: "no answer in {seconds} s", ZH: "{seconds} s 内无应答"},
    "write.read_back_matches": {EN: "read-back matches", ZH: "回读一致"},
    "write.read_back_differs": {
        EN: "sent, but read-back shows {got} after {seconds} s",
        ZH: "已发送，但 {seconds} s 后回读值为 {got}",
    },
    "write.no_reply": {
        EN: "sent, but no reply ({why}): the device may still apply {value}; read-back shows {got}",
        ZH: "已发送，但无应答（{why}）：设备仍可能执行 {value}；回读值为 {got}",
    },
    # forced values -----------------------------------------------------------------------------
    "force.below_range": {
        EN: "{value} is below {tag}'s range {limit}",
        ZH: "{value} 低于 {tag} 的量程下限 {limit}",
    },
    "force.above_range": {
        EN: "{value} is above {tag}'s range {limit}",
        ZH: "{value} 高于 {tag} 的量程上限 {limit}",
    },
    "force.not_forced": {EN: "{tag} is not forced", ZH: "{tag} 未被强制"},
    "force.bad_value": {EN: "value: {why}", ZH: "数值：{why}"},
    "force.duration": {
        EN: "--for must be more than 0 and at most {minutes} minutes",
        ZH: "--for 必须大于 0 且不超过 {minutes} 分钟",
    },
    # the diagnostics screen: the simulator's connection ----------------------------------------
    "sim.in_process": {EN: "in-process: {models}", ZH: "进程内：{models}"},
    "sim.no_tags": {EN: "no simulated tags", ZH: "无仿真位号"},
    "sim.time_factor": {EN: ", time x{factor}", ZH: "，时间 x{factor}"},
    # the replay bar: bookmarks --------------------------------------------------------------------
    "bookmark.no_note": {EN: "a bookmark needs a note", ZH: "书签需要备注"},
    "bookmark.note_too_long": {
        EN: "a bookmark note is at most {limit} characters",
        ZH: "书签备注最多 {limit} 个字符",
    },
    # the audit viewer: an intact trail --------------------------------------------------------
    "audit.empty": {EN: "audit trail is empty", ZH: "审计追踪为空"},
    "audit.intact": {EN: "audit trail intact: {count} records", ZH: "审计追踪完好：{count} 条记录"},
    "audit.legacy": {
        EN: " (records 1 to {last} predate the audit key: hash chain, no MAC)",
        ZH: "（第 1 至 {last} 条记录早于审计密钥：仅哈希链，无 MAC）",
    },
    # the connections' state as the status bar and diagnostics show it --------------------------
    "link.not_started": {EN: "not started", ZH: "未启动"},
    "link.stopped": {EN: "stopped", ZH: "已停止"},
    "link.connecting": {EN: "connecting to {endpoint}", ZH: "正在连接 {endpoint}"},
    "link.connected": {EN: "connected to {endpoint}", ZH: "已连接 {endpoint}"},
    "link.first_reply": {
        EN: "connected to {endpoint}, waiting for a first reply",
        ZH: "已连接 {endpoint}，等待首次应答",
    },
    "link.retry": {
        EN: "{reason}, retry in {delay} s (attempt {attempt})",
        ZH: "{reason}，{delay} s 后重试（第 {attempt} 次）",
    },
    "opcua.security": {EN: "security {policy}", ZH: "安全策略 {policy}"},
    "opcua.no_security": {EN: "None", ZH: "无"},
    "opcua.user": {EN: "user '{user}'", ZH: "用户 '{user}'"},
    "opcua.connected": {EN: "connected ({detail})", ZH: "已连接（{detail}）"},
    "opcua.subscribed": {
        EN: "connected ({detail}); {subscriptions} subscription(s), {items} item(s), "
        "{refused} refused{wrong}",
        ZH: "已连接（{detail}）；订阅 {subscriptions} 个，监视项 {items} 个，拒绝 {refused} 个"
        "{wrong}",
    },
    "opcua.wrong_type": {EN: ", {count} of the wrong type", ZH: "，类型不符 {count} 个"},
    "opcua.next_attempt": {
        EN: "{reason}; next attempt in {wait} s",
        ZH: "{reason}；{wait} s 后再试",
    },
    # reports, debriefs, analytics, loop checks, forcing, the command line, what the running
    # engine says (kept in their own modules: tags/i18n/report_texts.py, engine_texts.py,
    # command_texts.py, runtime_texts.py) -------------------------------------------------------
    **REPORT_MESSAGES,
    **ENGINE_MESSAGES,
    **COMMAND_MESSAGES,
    **RUNTIME_MESSAGES,
    # the project check's problems (tags/i18n/config_texts.py, config_texts_more.py) and those
    # of its screen files (screen_texts.py) -----------------------------------------------------
    **CONFIG_MESSAGES,
    **CONFIG_MORE_MESSAGES,
    **SCREEN_MESSAGES,
}

MESSAGES: Mapping[str, Mapping[Language, str]] = MappingProxyType(_MESSAGES)


def text(msg_id: str, /, **values: object) -> str:
    """Message ``msg_id`` in the current language with ``values`` put in (KeyError for an
    unknown id or a missing value: a mistake in the code, found by the tests)."""
    return _MESSAGES[msg_id][current_language()].format(**values)
