"""The project check's problems (loading a project, its tag lists, alarms, screens, analytics
and area reports) in English and Simplified Chinese; TOML keys, tag names, file names and
values stay as written in both."""

from __future__ import annotations

from tags.i18n.language import Language

EN, ZH = Language.EN, Language.ZH_CN

CONFIG_MESSAGES: dict[str, dict[Language, str]] = {
    # said in many places ------------------------------------------------------------------------
    "config.problems": {
        EN: "{count} problem(s) in the project:\n{lines}",
        ZH: "项目中有 {count} 个问题：\n{lines}",
    },
    "config.unknown_key": {EN: "unknown key (known: {known})", ZH: "未知键（可用：{known}）"},
    "config.unknown_section": {
        EN: "unknown section (known: {known})",
        ZH: "未知节（可用：{known}）",
    },
    "config.must_be_table": {EN: "must be a table", ZH: "必须是表"},
    "config.must_be_text": {EN: "must be text", ZH: "必须是文本"},
    "config.must_be_a_text": {EN: "must be a text: {what}", ZH: "必须是文本：{what}"},
    "config.title_zh": {EN: "the title in Chinese", ZH: "中文标题"},
    "config.must_be_bool": {EN: "must be true or false", ZH: "必须是 true 或 false"},
    "config.must_be_number": {EN: "must be a number", ZH: "必须是数字"},
    "config.must_be_whole_number": {EN: "must be a whole number", ZH: "必须是整数"},
    "config.must_be_type": {EN: "must be {type}, not {given}", ZH: "必须是{type}，不能是 {given}"},
    "config.type.int": {EN: "a whole number", ZH: "整数"},
    "config.type.float": {EN: "a number", ZH: "数字"},
    "config.type.str": {EN: "text", ZH: "文本"},
    "config.type.bool": {EN: "true or false", ZH: " true 或 false"},
    "config.type.list": {EN: "a list of text", ZH: "文本列表"},
    "config.outside": {EN: "{value} outside {low}..{high}", ZH: "{value} 超出 {low}..{high}"},
    "config.not_one_of": {
        EN: "'{value}' is not one of {choices}",
        ZH: "“{value}”不是 {choices} 之一",
    },
    "config.must_be_one_of": {EN: "must be one of {choices}", ZH: "必须是 {choices} 之一"},
    "config.missing": {EN: "missing", ZH: "缺失"},
    "config.not_finite": {
        EN: "{value} is not a finite number (nan and inf are refused)",
        ZH: "{value} 不是有限数值（不接受 nan 和 inf）",
    },
    "config.not_a_number": {EN: "'{text}' is not a number", ZH: "“{text}”不是数字"},
    "config.quoted": {EN: "'{text}': {problem}", ZH: "“{text}”：{problem}"},
    "config.unknown_tag": {EN: "unknown tag {tag}", ZH: "未知位号 {tag}"},
    "config.no_tag_matches": {EN: "no tag matches {pattern}", ZH: "没有位号匹配 {pattern}"},
    "config.at_least_zero": {EN: "must be a number of at least 0", ZH: "必须是不小于 0 的数字"},
    "config.must_be_below": {EN: "must be below {other}", ZH: "必须低于 {other}"},
    "config.priority": {
        EN: "must be critical, high, medium or low",
        ZH: "必须是 critical、high、medium 或 low",
    },
    "config.unknown_signal": {
        EN: "unknown signal type (known: {known})",
        ZH: "未知信号类型（可用：{known}）",
    },
    "config.not_an_area": {
        EN: "not an area of the project (areas: {known})",
        ZH: "不是项目中的区域（区域：{known}）",
    },
    "config.none": {EN: "none", ZH: "无"},
    # files --------------------------------------------------------------------------------------
    "config.cannot_read": {EN: "cannot read: {why}", ZH: "无法读取：{why}"},
    "config.cannot_read_file": {EN: "cannot read {file}: {why}", ZH: "无法读取 {file}：{why}"},
    "config.not_toml": {EN: "not valid TOML: {why}", ZH: "不是有效的 TOML：{why}"},
    "config.too_deep": {EN: "nested too deeply", ZH: "嵌套层数过多"},
    "config.not_regular_file": {EN: "not a regular file", ZH: "不是普通文件"},
    "config.too_large": {
        EN: "larger than the {limit} MiB a project file may be",
        ZH: "超过项目文件上限 {limit} MiB",
    },
    "config.too_large_size": {
        EN: "{size} MB: larger than the {limit} MiB a project file may be",
        ZH: "{size} MB：超过项目文件上限 {limit} MiB",
    },
    "config.not_encoded": {
        EN: "not {encoding} text ({reason} at byte {at})",
        ZH: "不是 {encoding} 文本（第 {at} 字节：{reason}）",
    },
    # the project file ---------------------------------------------------------------------------
    "config.project_name": {EN: "missing: give the project a name", ZH: "缺失：请为项目命名"},
    "config.tag_files": {EN: "must be a list of file names", ZH: "必须是文件名列表"},
    "config.tag_file_kind": {
        EN: "{file}: tag lists are .toml or .csv files",
        ZH: "{file}：位号表必须是 .toml 或 .csv 文件",
    },
    "config.scan_period": {
        EN: "must be a period in seconds of at least 0.05",
        ZH: "必须是不小于 0.05 的周期（秒）",
    },
    "config.area_name": {
        EN: "area names are upper case letters and digits (e.g. CWP)",
        ZH: "区域名称只能由大写字母和数字组成（如 CWP）",
    },
    "config.secrets_not_pg": {
        EN: "only a PostgreSQL store has a secrets file",
        ZH: "只有 PostgreSQL 存储才有 secrets 文件",
    },
    # tag lists ----------------------------------------------------------------------------------
    "config.tag_name": {
        EN: "tag names are AREA.UNIT.POINT: upper case letters, digits, _ and dots",
        ZH: "位号名称格式为 AREA.UNIT.POINT：大写字母、数字、_ 和点",
    },
    "config.tag_table": {EN: "must be a table of tag settings", ZH: "必须是位号设置表"},
    "config.area_not_declared": {
        EN: "area '{area}' is not declared in [areas]",
        ZH: "区域“{area}”未在 [areas] 中声明",
    },
    "config.no_source": {
        EN: "missing: every tag needs a source URI",
        ZH: "缺失：每个位号都需要数据源 URI",
    },
    "config.normal_in_range": {
        EN: "normal band {normal} must lie within range {range}",
        ZH: "正常范围 {normal} 必须在量程 {range} 之内",
    },
    "config.format_spec": {
        EN: "'{format}' is not a Python format spec such as '.2f'",
        ZH: "“{format}”不是 Python 格式说明（如 '.2f'）",
    },
    "config.scan_class": {
        EN: "unknown scan class '{scan}' (known: {known})",
        ZH: "未知扫描等级“{scan}”（可用：{known}）",
    },
    "config.limits_not_writable": {
        EN: "given for a tag that is not writable",
        ZH: "位号不可写，却给出了写入限值",
    },
    "config.limits_in_range": {
        EN: "must lie within range {range}",
        ZH: "必须在量程 {range} 之内",
    },
    "config.read_only_table": {
        EN: "{table} table is read-only in Modbus",
        ZH: "Modbus 的 {table} 表只读",
    },
    "config.csv_columns": {
        EN: "a CSV tag list needs at least the columns name and source",
        ZH: "CSV 位号表至少需要 name 和 source 两列",
    },
    "config.unknown_column": {
        EN: "unknown column (known: {known})",
        ZH: "未知列（可用：{known}）",
    },
    "config.empty_tag_name": {EN: "empty tag name", ZH: "位号名称为空"},
    "config.not_true_false": {EN: "'{text}' is not true/false", ZH: "“{text}”不是 true/false"},
    "config.no_driver": {
        EN: "no driver reads {scheme}:// sources",
        ZH: "没有驱动程序读取 {scheme}:// 数据源",
    },
    "config.unknown_connection": {
        EN: "unknown connection '{connection}' (not in [connections])",
        ZH: "未知连接“{connection}”（不在 [connections] 中）",
    },
    "config.connection_kind": {
        EN: "connection '{connection}' is {kind}, not {scheme}",
        ZH: "连接“{connection}”的类型是 {kind}，不是 {scheme}",
    },
    "config.wire_type": {
        EN: "a {type} tag cannot be read as Modbus type {wire}",
        ZH: "{type} 型位号不能按 Modbus 类型 {wire} 读取",
    },
    "config.data_type": {
        EN: "unknown type '{type}' (float, int, bool or string)",
        ZH: "未知类型“{type}”（float、int、bool 或 string）",
    },
    "config.low_high": {
        EN: "low {low} must be below high {high}",
        ZH: "下限 {low} 必须低于上限 {high}",
    },
    "config.pair": {
        EN: "must be [low, high] with two numbers",
        ZH: "必须是 [low, high] 两个数字",
    },
    "config.at_least": {EN: "must be at least {minimum}", ZH: "不得小于 {minimum}"},
    "config.history_table": {
        EN: "must be a table such as {{ deadband = 0.5, max_interval = 30 }}",
        ZH: "必须是表，如 {{ deadband = 0.5, max_interval = 30 }}",
    },
    "config.states_table": {
        EN: 'must be a table such as {{ 0 = "STOPPED", 1 = "RUNNING" }}',
        ZH: '必须是表，如 {{ 0 = "STOPPED", 1 = "RUNNING" }}',
    },
    "config.states_zh_table": {
        EN: 'must be a table such as {{ 0 = "停止", 1 = "运行" }}',
        ZH: '必须是表，如 {{ 0 = "停止", 1 = "运行" }}',
    },
    "config.state_keys": {EN: "state keys are whole numbers", ZH: "状态键必须是整数"},
    "config.state_not_in_states": {
        EN: "state {number} is not in states (states: {known})",
        ZH: "状态 {number} 不在 states 中（states：{known}）",
    },
    "config.state_zh_text": {
        EN: "must be text (the state's name in Chinese)",
        ZH: "必须是文本（状态的中文名称）",
    },
    "config.duplicate_tag": {
        EN: "duplicate tag name (first defined in {where})",
        ZH: "位号名称重复（首次定义于 {where}）",
    },
    "config.tag_list_section": {
        EN: 'unknown section (a tag list holds only [tags."NAME"] tables)',
        ZH: '未知节（位号表只能包含 [tags."NAME"] 表）',
    },
    "config.tag_tables": {
        EN: 'must be tables such as [tags."AREA.FEED.TPH"]',
        ZH: '必须是表，如 [tags."AREA.FEED.TPH"]',
    },
}
