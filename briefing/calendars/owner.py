"""Whose calendar it is: their time zone, in which a time written without one is read, and their
addresses, which tell their own events from the invites others sent them (settings.toml's
`timezone` and `email`; without a `timezone`, this computer's zone).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from briefing.accounts.settings import Settings, load_settings


@dataclass(frozen=True)
class Owner:
    zone: tzinfo | None = None  # None: this computer's zone, looked up date by date (its DST included)
    emails: tuple[str, ...] = ()  # lower-cased, without "mailto:"

    @classmethod
    def of(cls, settings: Settings) -> Owner:
        return cls(ZoneInfo(settings.timezone) if settings.timezone else None, settings.emails)

    @property
    def zone_name(self) -> str:
        """The zone as a person names it, for messages."""
        return str(getattr(self.zone, "key", self.zone)) if self.zone is not None else "this computer's time zone"

    def local(self, naive: datetime) -> datetime:
        """A wall-clock time of the owner's (a floating time) as an instant."""
        if self.zone is not None:
            return naive.replace(tzinfo=self.zone)
        try:
            return naive.astimezone()  # the system's rules for that date, not today's offset
        except (OverflowError, OSError, ValueError):  # a year the C library cannot place
            return naive.replace(tzinfo=datetime.now().astimezone().tzinfo)

    def day_start(self, day: date) -> datetime:
        """The owner's midnight starting `day` (an all-day event is a local day)."""
        return self.local(datetime.combine(day, time()))

    def day_end(self, day: date) -> datetime:
        return self.day_start(day + timedelta(days=1))

    def view(self, moment: datetime) -> datetime:
        """`moment` on the owner's clock, for showing."""
        try:
            return moment.astimezone(self.zone) if self.zone is not None else moment.astimezone()
        except (OverflowError, OSError, ValueError):
            return moment

    def is_me(self, address: str) -> bool:
        return address.strip().lower().removeprefix("mailto:") in self.emails


def load_owner() -> Owner:
    """The owner described by the user's settings.toml (SettingsError, exit 2, when it is malformed)."""
    return Owner.of(load_settings())
