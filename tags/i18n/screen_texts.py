"""The problems of a project's screen files (the TOML layouts of its process displays) in
English and Simplified Chinese; keys, element kinds, tag names and values stay as written."""

from __future__ import annotations

from tags.i18n.language import Language

EN, ZH = Language.EN, Language.ZH_CN

SCREEN_MESSAGES: dict[str, dict[Language, str]] = {
    # the file and its elements ------------------------------------------------------------------
    "screen.kind": {EN: "{kind}: must be one of {choices}", ZH: "{kind}：必须是 {choices} 之一"},
    "screen.not_element": {
        EN: "{kind} is not an element (known: {known})",
        ZH: "{kind} 不是图元类型（可用：{known}）",
    },
    "screen.unknown_field": {EN: "unknown field (known: {known})", ZH: "未知字段（可用：{known}）"},
    "screen.must_be_text": {EN: "must be a text", ZH: "必须是文本"},
    "screen.missing_text": {EN: "missing: a text", ZH: "缺失：应为文本"},
    "screen.chinese_of": {EN: "the Chinese of {field}", ZH: "{field} 的中文"},
    "screen.translation": {
        EN: "a translation of no text: give {field} too",
        ZH: "没有原文的译文：请同时给出 {field}",
    },
    # an element's fields ------------------------------------------------------------------------
    "screen.pair": {EN: "must be two numbers, [low, high]", ZH: "必须是 [low, high] 两个数字"},
    "screen.points": {
        EN: "must be at least two points, [[x, y], [x, y], ...]",
        ZH: "必须至少有两个点：[[x, y], [x, y], ...]",
    },
    "screen.texts": {EN: "must be a list of texts", ZH: "必须是文本列表"},
    "screen.not_in_file": {
        EN: "cannot be given in a file ({type})",
        ZH: "不能在文件中给出（{type}）",
    },
    "screen.rows": {
        EN: 'must be a list of rows, [{{label = "...", tags = ["...", ...]}}, ...]',
        ZH: '必须是行列表：[{{label = "...", tags = ["...", ...]}}, ...]',
    },
    "screen.row": {
        EN: 'row {number}: must be {{label = "...", tags = ["...", ...]}}',
        ZH: '第 {number} 行：必须是 {{label = "...", tags = ["...", ...]}}',
    },
    # overviews ----------------------------------------------------------------------------------
    "screen.area_count": {
        EN: "{count} areas: an overview shows 1 to {most}",
        ZH: "{count} 个区域：总貌画面只能显示 1 至 {most} 个区域",
    },
    # the layout ---------------------------------------------------------------------------------
    "screen.unknown_kind": {
        EN: "unknown element kind '{kind}' at ({x}, {y})",
        ZH: "位于 ({x}, {y}) 的图元类型“{kind}”未知",
    },
    "screen.unknown_shape": {
        EN: "unknown symbol shape '{shape}' at ({x}, {y})",
        ZH: "位于 ({x}, {y}) 的符号形状“{shape}”未知",
    },
    "screen.outside": {
        EN: "{kind} at ({x}, {y}) lies outside the canvas",
        ZH: "位于 ({x}, {y}) 的 {kind} 超出画布范围",
    },
    # what a screen names ------------------------------------------------------------------------
    "screen.no_screen": {
        EN: "leads to '{screen}', which is not a screen of the project",
        ZH: "指向“{screen}”，但项目中没有此画面",
    },
    "screen.no_area": {
        EN: "'{area}' is not an area of the project",
        ZH: "“{area}”不是项目中的区域",
    },
}
