"""A project as a Chinese site has it: every tag and area with a ``description_zh``, so a view
in Chinese shows no English description (the project's own data, not the console's)."""

from __future__ import annotations

from dataclasses import replace

from tags.config.project import Project


def with_chinese_descriptions(project: Project) -> Project:
    """``project`` with a Chinese description for each tag and area that has none."""
    tags = {
        name: tag if tag.description_zh else replace(tag, description_zh=f"{name} 的测量值")
        for name, tag in project.tags.items()
    }
    areas = {
        name: area if area.description_zh else replace(area, description_zh=f"{name} 区域")
        for name, area in project.areas.items()
    }
    return replace(project, tags=tags, areas=areas)
