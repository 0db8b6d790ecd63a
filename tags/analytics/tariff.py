"""Time-of-use electricity tariff: peak, flat and valley periods of the local day.

``split(start, end)`` cuts a time range at every period boundary, so energy integrated over
each piece is priced exactly (tags/analytics/energy_totals.py).
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from datetime import datetime, timedelta, tzinfo

from tags.analytics.config import AnalyticsSettings, TariffSettings, clock_range
from tags.analytics.shift_calendar import zone

DAY_MINUTES = 24 * 60


class Band(enum.Enum):
    PEAK = "peak"
    FLAT = "flat"
    VALLEY = "valley"


class Tariff:
    """Price per kWh by time of day (valley wins where a valley and a peak overlap)."""

    def __init__(self, settings: TariffSettings | None = None, tz: tzinfo | None = None) -> None:
        self.settings = settings or TariffSettings()
        self.tz = tz
        self.currency = self.settings.currency
        self.prices = {
            Band.PEAK: self.settings.peak_price,
            Band.FLAT: self.settings.flat_price,
            Band.VALLEY: self.settings.valley_price,
        }
        self._minute_band = [Band.FLAT] * DAY_MINUTES
        for band, texts in ((Band.PEAK, self.settings.peak), (Band.VALLEY, self.settings.valley)):
            for text in texts:
                first, last = clock_range(text)
                minute = first
                while minute != last:
                    self._minute_band[minute] = band
                    minute = (minute + 1) % DAY_MINUTES
        self._cache: tuple[float, float, Band] = (0.0, 0.0, Band.FLAT)

    @classmethod
    def from_settings(cls, settings: AnalyticsSettings) -> Tariff:
        return cls(settings.tariff, zone(settings.timezone))

    def _piece(self, t: float) -> tuple[float, float, Band]:
        """(start, end, band) of the constant-price piece holding ``t``."""
        lo, hi, band = self._cache
        if lo <= t < hi:
            return self._cache
        local = datetime.fromtimestamp(t, self.tz)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        minute = local.hour * 60 + local.minute
        band = self._minute_band[minute]
        first = minute
        while first > 0 and self._minute_band[first - 1] is band:
            first -= 1
        last = minute + 1
        while last < DAY_MINUTES and self._minute_band[last] is band:
            last += 1
        # wall-clock arithmetic: minute 1440 is the next local midnight, DST or not
        start = (midnight + timedelta(minutes=first)).timestamp()
        end = (midnight + timedelta(minutes=last)).timestamp()
        self._cache = (start, max(end, t + 1e-6), band)
        return self._cache

    def band_at(self, t: float) -> Band:
        return self._piece(t)[2]

    def price_at(self, t: float) -> float:
        return self.prices[self.band_at(t)]

    def split(self, start: float, end: float) -> Iterator[tuple[float, float, Band]]:
        """``[start, end)`` in pieces of one band each."""
        t = start
        while t < end:
            _, hi, band = self._piece(t)
            upto = min(hi, end)
            yield t, upto, band
            t = upto
