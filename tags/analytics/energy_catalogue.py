"""What each kind of energy area shows: its figures, their names, units and decimals.

One ``FigureSpec`` per figure of a kind (tags/analytics/energy_areas.py): the attribute of the
kind's figures it reads (tags/analytics/energy_figures.py), its name and unit (templates
filled from the area's declaration: ``{product}``, ``{Product}``, ``{unit}``, ``{feed}``,
``{quality}``, ``{consumable}``; ``{currency}`` is left for the display), whether it has an
instantaneous value, a CSV column, a line in the shift report, a chart. The energy screen,
the CSV export, targets and the shift report all read this one table, in its order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tags.i18n.catalogue import MESSAGES
from tags.i18n.language import current_language

if TYPE_CHECKING:
    from tags.analytics.energy_areas import AreaEnergy


@dataclass(frozen=True)
class FigureSpec:
    id: str
    attr: str
    """Attribute of the kind's figures; ``kwh_by_band.<band>`` for one tariff band."""
    label: str
    unit: str
    decimals: int
    scale: float = 1.0
    now: bool = False
    """The engine has an instantaneous value (in ``now_unit`` when given)."""
    now_unit: str = ""
    shown: bool = True
    """A row of the energy screen."""
    csv: str = ""
    """Format of its CSV column ("" = no column; values unscaled)."""
    report: str = ""
    """Its name in the shift report's production section ("" = not there)."""
    report_format: str = ".1f"
    chart: str = ""
    """The title of its bar chart on the energy screen ("" = no chart)."""
    marks: str = ""
    """Attribute drawn as a line across the figure's bars (a baseline)."""
    marks_name: str = ""

    def text(self, decl: AreaEnergy, template: str) -> str:
        return fill(template, decl)


class _Keep(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def figure_name(template: str) -> str:
    """A figure's name template in the current language (as is when the catalogue has none:
    names of the engine's texts, tags/i18n/report_texts.py)."""
    by_language = MESSAGES.get(f"figure.{template}")
    return template if by_language is None else by_language[current_language()]


def fill(template: str, decl: AreaEnergy, *, chinese: bool = False) -> str:
    """A name or unit with the area's words in it (``{currency}`` kept); ``chinese``: the
    words the area gives in Chinese where it gives them."""
    spec = decl.spec
    words = {
        "product": decl.product,
        "unit": decl.unit,
        "feed": getattr(spec, "feed", "feed"),
        "quality": getattr(spec, "quality", "quality"),
        "consumable": getattr(spec, "consumable", "consumable"),
    }
    if chinese:
        words.update(decl.words_zh)
    words.update({_first_upper(k): _first_upper(v) for k, v in list(words.items())})
    return template.format_map(_Keep(words))


def figure_value(figures: Any, spec: FigureSpec) -> float | None:
    """The spec's value in a kind's figures (None: not recorded), scaled for display."""
    if figures is None:
        return None
    attr, _, band = spec.attr.partition(".")
    value = getattr(figures, attr, None)
    if band:
        value = value.get(band, 0.0) if isinstance(value, dict) else None
    if value is None:
        return None
    return float(value) * spec.scale


def _bands() -> tuple[FigureSpec, ...]:
    return tuple(
        FigureSpec(f"{band}_mwh", f"kwh_by_band.{band}", f"  of it at {band} price", "MWh", 2,
                   0.001)
        for band in ("peak", "flat", "valley")
    )  # fmt: skip


_ELECTROLYSIS = (
    FigureSpec("dc_kwh", "dc_kwh", "DC energy", "kWh", 0, shown=False, csv=".3f"),
    FigureSpec("sec_kwh_t", "sec_kwh_t", "DC specific energy", "kWh/{unit} {product}", 0,
               now=True, csv=".1f", report="DC specific energy", report_format=".0f",
               chart="DC specific energy"),
    FigureSpec("ce_percent", "ce_percent", "Current efficiency (Faraday)", "%", 1, now=True,
               csv=".2f", report="Current efficiency", chart="current efficiency"),
    FigureSpec("dc_mwh", "dc_kwh", "DC energy", "MWh", 2, 0.001, now=True, now_unit="MW",
               report="DC energy", report_format=".2f"),
    *_bands(),
    FigureSpec("product_t", "product_t", "{Product} plated", "t", 2, csv=".4f",
               report="{Product} produced", report_format=".3f"),
    FigureSpec("cost", "cost", "DC energy cost", "{currency}", 0, csv=".2f",
               report="Energy cost", report_format=".0f"),
    FigureSpec("cost_per_t", "cost_per_t", "DC energy cost per {unit} {product}",
               "{currency}/{unit}", 0, report="Cost per {unit} {product}",
               report_format=".0f"),
)  # fmt: skip

_WASHING = (
    FigureSpec("kwh_per_t", "kwh_per_t", "Energy per {unit} {product}", "kWh/{unit}", 1,
               now=True, csv=".3f", report="Energy per {unit} {product}",
               chart="energy per {unit} {product}"),
    FigureSpec("consumable_kg_per_t", "consumable_kg_per_t", "{Consumable} per t {feed}", "kg/t",
               2, csv=".3f", report="{Consumable} per t {feed}", report_format=".2f"),
    FigureSpec("yield_percent", "yield_percent", "{Product} yield", "%", 1, now=True,
               csv=".2f", report="Yield", chart="{product} yield"),
    FigureSpec("quality_percent", "quality_percent", "{Product} {quality}", "%", 2, csv=".2f",
               report="{Product} {quality}", report_format=".2f"),
    FigureSpec("feed_t", "feed_t", "{Feed} washed", "{unit}", 0, csv=".3f", report="{Feed}"),
    FigureSpec("product_t", "product_t", "{Product} produced", "{unit}", 0, csv=".3f",
               report="{Product}"),
    FigureSpec("mwh", "kwh", "Plant energy", "MWh", 2, 0.001, now=True, now_unit="MW"),
    FigureSpec("cost", "cost", "Energy cost", "{currency}", 0, csv=".2f"),
    FigureSpec("kwh", "kwh", "Plant energy", "kWh", 0, shown=False, csv=".3f"),
)  # fmt: skip

_HEAT_TO_POWER = (
    FigureSpec("heat_mwh", "heat_mwh", "Heat recovered", "MWh", 2, now=True, now_unit="MW",
               csv=".4f", report="Heat recovered", report_format=".2f"),
    FigureSpec("gross_mwh", "gross_mwh", "Gross generation", "MWh", 2, now=True,
               now_unit="MW", csv=".4f", report="Generated", report_format=".2f"),
    FigureSpec("net_mwh", "net_mwh", "Net generation exported", "MWh", 2, now=True,
               now_unit="MW", csv=".4f", report="Exported", report_format=".2f",
               chart="energy exported", marks="baseline_mwh", marks_name="baseline plant"),
    FigureSpec("cycle_efficiency_percent", "cycle_efficiency_percent",
               "Cycle efficiency (gross / heat)", "%", 1, now=True, csv=".2f",
               report="Cycle efficiency"),
    FigureSpec("baseline_mwh", "baseline_mwh", "Export of the replaced plant (baseline)",
               "MWh", 2, csv=".4f", report="Baseline export", report_format=".2f"),
    FigureSpec("gain_percent", "gain_percent", "Gain over the baseline", "%", 1, now=True,
               csv=".2f", report="Gain over baseline", chart="gain over the baseline"),
    FigureSpec("export_value", "export_value", "Value of the export", "{currency}", 0),
)  # fmt: skip

_PRODUCTION = (
    FigureSpec("kwh_per_unit", "kwh_per_unit", "Specific energy", "kWh/{unit} {product}", 1,
               now=True, csv=".3f", report="Specific energy", chart="specific energy"),
    FigureSpec("amount", "amount", "{Product} made", "{unit}", 2, csv=".4f",
               report="{Product} produced", report_format=".3f",
               chart="made"),
    FigureSpec("mwh", "kwh", "Energy", "MWh", 2, 0.001, now=True, now_unit="MW",
               report="Energy", report_format=".2f"),
    *_bands(),
    FigureSpec("cost", "cost", "Energy cost", "{currency}", 0, csv=".2f",
               report="Energy cost", report_format=".0f"),
    FigureSpec("cost_per_unit", "cost_per_unit", "Energy cost per {unit} {product}",
               "{currency}/{unit}", 0, report="Cost per {unit} {product}",
               report_format=".0f"),
    FigureSpec("kwh", "kwh", "Energy", "kWh", 0, shown=False, csv=".3f"),
)  # fmt: skip

CATALOGUE: dict[str, dict[str, FigureSpec]] = {
    kind: {spec.id: spec for spec in specs}
    for kind, specs in (
        ("electrolysis", _ELECTROLYSIS),
        ("washing", _WASHING),
        ("heat_to_power", _HEAT_TO_POWER),
        ("production", _PRODUCTION),
    )
}
"""Per kind, its figures by id, in the order the screen shows them."""

REPORT_ORDER: dict[str, tuple[str, ...]] = {
    "electrolysis": ("product_t", "dc_mwh", "sec_kwh_t", "ce_percent", "cost", "cost_per_t"),
    "washing": ("product_t", "quality_percent", "feed_t", "yield_percent", "kwh_per_t",
                "consumable_kg_per_t"),
    "heat_to_power": ("net_mwh", "gross_mwh", "heat_mwh", "cycle_efficiency_percent",
                      "gain_percent", "baseline_mwh"),
    "production": ("amount", "mwh", "kwh_per_unit", "cost", "cost_per_unit"),
}  # fmt: skip
"""The lines of the shift report's production section per kind (what is made first)."""

CSV_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "electrolysis": (("dc_kwh", "dc_kwh"), ("product_t", "{product_key}_t"),
                     ("sec_kwh_t", "sec_kwh_t"), ("ce_percent", "ce_percent"),
                     ("cost", "cost")),
    "washing": (("feed_t", "feed_t"), ("product_t", "{product_key}_t"),
                ("yield_percent", "yield_percent"),
                ("quality_percent", "{product_key}_{quality_key}_percent"), ("kwh", "kwh"),
                ("kwh_per_t", "kwh_per_t_{product_key}"),
                ("consumable_kg_per_t", "{consumable_key}_kg_per_t")),
    "heat_to_power": (("heat_mwh", "heat_mwh"), ("gross_mwh", "gross_mwh"),
                      ("net_mwh", "net_mwh"), ("cycle_efficiency_percent", "cycle_eff_percent"),
                      ("baseline_mwh", "baseline_mwh"), ("gain_percent", "gain_percent")),
    "production": (("amount", "amount"), ("kwh", "kwh"), ("kwh_per_unit", "kwh_per_unit"),
                   ("cost", "cost")),
}  # fmt: skip
"""Per kind, the CSV columns in order: (figure, column name after ``<area>_``); a column
names the area's words by key (``{product_key}``: the first word of the product, lower case,
so a coal washing plant's clean coal is ``clean_t``)."""


def word_key(word: str) -> str:
    """A word of an area as a column name part: its first word, lower case (``clean coal`` ->
    ``clean``, ``Mn`` -> ``mn``)."""
    first = word.split()[0] if word.split() else word
    return "".join(c if c.isalnum() else "_" for c in first.lower())


def csv_name(decl: AreaEnergy, template: str) -> str:
    """A CSV column of an area: ``<area>_`` and the template with the area's word keys."""
    spec = decl.spec
    keys = {
        "product_key": word_key(decl.product),
        "quality_key": word_key(getattr(spec, "quality", "quality")),
        "consumable_key": word_key(getattr(spec, "consumable", "consumable")),
    }
    return f"{decl.area.lower()}_{template.format(**keys)}"


FIGURE_KEYS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in CATALOGUE.items()}
"""The figures a target may name, per kind."""
