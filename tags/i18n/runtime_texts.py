"""What the running engine tells operators (why a value is Bad or stale, a forced tag's
reason, the trainer's session log), by message id, in English and Simplified Chinese;
tags/i18n/catalogue.py takes them in. Texts from libraries stay as they are, in a
placeholder."""

from __future__ import annotations

from tags.i18n.language import Language

EN, ZH = Language.EN, Language.ZH_CN

RUNTIME_MESSAGES: dict[str, dict[Language, str]] = {
    # any tag ---------------------------------------------------------------------------------
    "sample.waiting": {EN: "waiting for first data", ZH: "等待首个数据"},
    "sample.stale": {
        EN: "stale: no update for {seconds} s (scan {scan} s, limit {limit} s)",
        ZH: "数值陈旧：已 {seconds} s 未更新（扫描周期 {scan} s，限值 {limit} s）",
    },
    "reason.at": {EN: "{where}: {reason}", ZH: "{where}：{reason}"},
    # Modbus: the link ------------------------------------------------------------------------
    "modbus.lost": {EN: "connection to {endpoint} lost", ZH: "与 {endpoint} 的连接中断"},
    "modbus.closed_early": {
        EN: "connection to {endpoint} closed before any Modbus reply",
        ZH: "与 {endpoint} 的连接在收到 Modbus 应答前已关闭",
    },
    "modbus.cannot_connect": {EN: "cannot connect to {endpoint}", ZH: "无法连接 {endpoint}"},
    "modbus.not_connected": {EN: "not connected", ZH: "未连接"},
    "modbus.not_answering": {EN: "not answering", ZH: "无应答"},
    "modbus.unit_not_answering": {
        EN: "{error}, unit {unit} not answering",
        ZH: "{error}，从站 {unit} 无应答",
    },
    "modbus.timeout": {EN: "timeout", ZH: "超时"},
    "modbus.no_response": {
        EN: "timeout, no response in {attempts} x {seconds} s",
        ZH: "超时，{attempts} x {seconds} s 内无应答",
    },
    "modbus.communication_error": {EN: "communication error: {error}", ZH: "通讯错误：{error}"},
    "modbus.expected_bits": {
        EN: "expected {count} bits, got {got}",
        ZH: "应为 {count} 位，收到 {got} 位",
    },
    "modbus.expected_registers": {
        EN: "expected {count} registers, got {got}",
        ZH: "应为 {count} 个寄存器，收到 {got} 个",
    },
    "modbus.expected_register": {
        EN: "expected 1 register, got {got}",
        ZH: "应为 1 个寄存器，收到 {got} 个",
    },
    "modbus.wrong_function": {
        EN: "reply with function {answered} to a request with function {function}",
        ZH: "请求功能码 {function}，应答功能码却为 {answered}",
    },
    "modbus.exception": {EN: "exception {code} {name}", ZH: "异常 {code} {name}"},
    "modbus.exception.01": {EN: "illegal function", ZH: "非法功能"},
    "modbus.exception.02": {EN: "illegal data address", ZH: "非法数据地址"},
    "modbus.exception.03": {EN: "illegal data value", ZH: "非法数据值"},
    "modbus.exception.04": {EN: "server device failure", ZH: "从站设备故障"},
    "modbus.exception.05": {EN: "acknowledge", ZH: "已确认（处理中）"},
    "modbus.exception.06": {EN: "server device busy", ZH: "从站设备忙"},
    "modbus.exception.08": {EN: "memory parity error", ZH: "存储奇偶校验错误"},
    "modbus.exception.0A": {EN: "gateway path unavailable", ZH: "网关路径不可用"},
    "modbus.exception.0B": {
        EN: "gateway target device failed to respond",
        ZH: "网关目标设备无响应",
    },
    "modbus.exception.unknown": {EN: "unknown exception", ZH: "未知异常"},
    # Modbus: a reply that does not decode ----------------------------------------------------
    "modbus.malformed": {EN: "malformed reply: {what}", ZH: "应答格式错误：{what}"},
    "modbus.frame_short": {
        EN: "{count} bytes, shorter than a Modbus TCP frame",
        ZH: "{count} 字节，短于 Modbus TCP 帧",
    },
    "modbus.frame_no_function": {
        EN: "MBAP length {length} leaves no function code",
        ZH: "MBAP 长度 {length}，无功能码",
    },
    "modbus.frame_no_exception_code": {
        EN: "exception reply to function {function} without an exception code",
        ZH: "功能码 {function} 的异常应答缺少异常码",
    },
    "modbus.frame_bad_exception": {
        EN: "undecodable exception reply to function {function}",
        ZH: "功能码 {function} 的异常应答无法解码",
    },
    "modbus.frame_unknown_function": {
        EN: "unknown function code {function}",
        ZH: "未知功能码 {function}",
    },
    "modbus.frame_byte_count": {
        EN: "function {function}: byte count {count}, but {got} data bytes",
        ZH: "功能码 {function}：字节数为 {count}，实际数据 {got} 字节",
    },
    "modbus.frame_undecodable": {
        EN: "function {function}: {size}-byte PDU cannot be decoded",
        ZH: "功能码 {function}：{size} 字节的 PDU 无法解码",
    },
    # Modbus: blocks, addresses, values -------------------------------------------------------
    "modbus.block": {
        EN: "unit {unit} {table} {first}-{last}",
        ZH: "从站 {unit} {table} {first}-{last}",
    },
    "modbus.address": {
        EN: "{connection} unit {unit} {table} {offset}",
        ZH: "{connection} 从站 {unit} {table} {offset}",
    },
    "modbus.not_modbus": {
        EN: "{source}: not a modbus:// address",
        ZH: "{source}：不是 modbus:// 地址",
    },
    "modbus.unknown_connection": {
        EN: "unknown connection '{connection}'",
        ZH: "未知连接“{connection}”",
    },
    "modbus.not_this_driver": {
        EN: "{tag}: not a tag of this driver",
        ZH: "{tag}：不是本驱动程序的位号",
    },
    "modbus.too_large": {
        EN: "{tag}: {count} registers exceed a request of {limit}",
        ZH: "{tag}：{count} 个寄存器超出单次请求上限 {limit}",
    },
    "modbus.table.coil": {EN: "coil", ZH: "线圈"},
    "modbus.table.discrete_input": {EN: "discrete input", ZH: "离散输入"},
    "modbus.table.holding_register": {EN: "holding register", ZH: "保持寄存器"},
    "modbus.table.input_register": {EN: "input register", ZH: "输入寄存器"},
    "modbus.read_only": {EN: "{where}: {table}s are read-only", ZH: "{where}：{table} 只读"},
    "modbus.not_finite": {EN: "{type} is {raw}", ZH: "{type} 值为 {raw}"},
    "modbus.overflow": {
        EN: "raw {raw} * scale {scale} overflows",
        ZH: "原始值 {raw} * 比例 {scale} 溢出",
    },
    "modbus.not_ascii": {
        EN: "string has {count} byte(s) outside printable ASCII, shown as U+FFFD",
        ZH: "字符串有 {count} 个字节不是可打印 ASCII 字符，显示为 U+FFFD",
    },
    # OPC UA ----------------------------------------------------------------------------------
    "opcua.reason": {
        EN: "opcua connection '{name}': {reason}",
        ZH: "OPC UA 连接“{name}”：{reason}",
    },
    "opcua.not_opcua": {
        EN: "'{source}' is not an opcua:// source",
        ZH: "“{source}”不是 opcua:// 数据源",
    },
    "opcua.no_connection": {
        EN: "'{source}': no OPC UA connection named '{connection}'",
        ZH: "“{source}”：没有名为“{connection}”的 OPC UA 连接",
    },
    "opcua.lost": {EN: "connection to the server lost", ZH: "与服务器的连接中断"},
    "opcua.silent": {
        EN: "no publish response for {seconds} s",
        ZH: "已 {seconds} s 未收到发布应答",
    },
    "opcua.not_connected": {
        EN: "not connected ({state}: {detail})",
        ZH: "未连接（{state}：{detail}）",
    },
    "opcua.bad_node_id": {EN: "'{node}' is not a valid node id", ZH: "“{node}”不是有效的节点 ID"},
    "opcua.source_bad_node_id": {
        EN: "'{source}': not a valid OPC UA node id",
        ZH: "“{source}”：不是有效的 OPC UA 节点 ID",
    },
    "opcua.write_no_answer": {EN: "write {what}: no answer", ZH: "写入 {what}：无应答"},
    "opcua.write_link_lost": {
        EN: "write {what}: link lost ({error})",
        ZH: "写入 {what}：通讯中断（{error}）",
    },
    "opcua.write_refused": {
        EN: "server refused write to {what}: {status}",
        ZH: "服务器拒绝写入 {what}：{status}",
    },
    "opcua.node_status": {EN: "node {node}: {status}", ZH: "节点 {node}：{status}"},
    "opcua.no_value": {EN: "server sent no value", ZH: "服务器未发送数值"},
    "opcua.from_server": {EN: "{status} from the server", ZH: "服务器返回 {status}"},
    "opcua.subscription_status": {
        EN: "subscription {id}: {status}",
        ZH: "订阅 {id}：{status}",
    },
    "opcua.server_answered": {EN: "server answered {status}", ZH: "服务器应答 {status}"},
    "opcua.no_answer": {
        EN: "no answer from the server (timeout)",
        ZH: "服务器无应答（超时）",
    },
    "opcua.refused": {EN: "connection refused", ZH: "连接被拒绝"},
    "opcua.type_mismatch": {
        EN: "type mismatch: tag {tag} is {kind}, node {node} is {type} (a {kind} tag needs "
        "{needs})",
        ZH: "类型不符：位号 {tag} 为 {kind}，节点 {node} 为 {type}（{kind} 位号需要 {needs}）",
    },
    "opcua.needs.bool": {EN: "a Boolean node", ZH: "Boolean 节点"},
    "opcua.needs.int": {
        EN: "an integer node of at most 64 bits signed (UInt64: use a float tag)",
        ZH: "不超过 64 位的有符号整数节点（UInt64 请用 float 位号）",
    },
    "opcua.needs.float": {
        EN: "a Float, Double, integer or DateTime node",
        ZH: "Float、Double、整数或 DateTime 节点",
    },
    "opcua.needs.string": {
        EN: "a String or LocalizedText node",
        ZH: "String 或 LocalizedText 节点",
    },
    # the sim:// driver -----------------------------------------------------------------------
    "sim.no_model": {
        EN: "no plant model '{model}' (known: {known})",
        ZH: "没有装置模型“{model}”（已有：{known}）",
    },
    "sim.no_point": {
        EN: "plant model '{model}' has no point '{point}'",
        ZH: "装置模型“{model}”没有测点“{point}”",
    },
    "sim.memory_tag": {EN: "memory tag {point}: {why}", ZH: "内存位号 {point}：{why}"},
    "sim.signal_not_writable": {
        EN: "{tag} is a signal generator and cannot be written",
        ZH: "{tag} 是信号发生器，不可写",
    },
    "sim.not_running": {EN: "the plant simulator is not running", ZH: "装置仿真器未运行"},
    "sim.takes_numbers": {
        EN: "plant points take numbers, not {value}",
        ZH: "装置测点只接受数字，不接受 {value}",
    },
    # forced and simulated tags ---------------------------------------------------------------
    "force.reason_forced": {
        EN: "forced by {user} until {time}: {reason}",
        ZH: "由 {user} 强制，至 {time}：{reason}",
    },
    "force.reason_forced_released": {
        EN: "forced by {user} until released: {reason}",
        ZH: "由 {user} 强制，直至解除：{reason}",
    },
    "force.reason_simulated": {
        EN: "simulated: {source} by {user} until {time}: {reason}",
        ZH: "仿真：{source}，由 {user} 设置，至 {time}：{reason}",
    },
    "force.reason_simulated_released": {
        EN: "simulated: {source} by {user} until released: {reason}",
        ZH: "仿真：{source}，由 {user} 设置，直至解除：{reason}",
    },
    # the trainer's session log ---------------------------------------------------------------
    "training.upset_start_plan": {EN: "{title} started by the plan", ZH: "{title}：按计划开始"},
    "training.upset_start_trainer": {
        EN: "{title} started by the trainer",
        ZH: "{title}：由教员开始",
    },
    "training.upset_start_end": {
        EN: "{title} started at the session end",
        ZH: "{title}：课次结束时开始",
    },
    "training.upset_start_other": {
        EN: "{title} started by {source}",
        ZH: "{title}：由 {source} 开始",
    },
    "training.upset_stop_plan": {EN: "{title} stopped by the plan", ZH: "{title}：按计划停止"},
    "training.upset_stop_trainer": {
        EN: "{title} stopped by the trainer",
        ZH: "{title}：由教员停止",
    },
    "training.upset_stop_end": {
        EN: "{title} stopped at the session end",
        ZH: "{title}：课次结束时停止",
    },
    "training.upset_stop_other": {
        EN: "{title} stopped by {source}",
        ZH: "{title}：由 {source} 停止",
    },
    "training.screen": {EN: "screen {key}", ZH: "画面 {key}"},
    "training.alarm": {EN: "alarm", ZH: "报警"},
    "training.realarm": {EN: "re-alarm: {message}", ZH: "再次报警：{message}"},
    "training.cleared": {EN: "returned to normal", ZH: "恢复正常"},
    "training.snapshot": {EN: "snapshot {name}", ZH: "快照 {name}"},
    "training.unknown_scenario": {
        EN: "no scenario {names}; known: {known}",
        ZH: "没有情景 {names}；已有：{known}",
    },
}
