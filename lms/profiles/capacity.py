"""A mentor's free places: the one place this figure is computed.

``Profile.active_mentees`` is maintained by the mentorship services (a conditional UPDATE
when a relationship starts or ends); ``Profile.max_mentees`` is what the mentor allows
across all cohorts (None: no limit). Every page, filter and service reads the figure here.
"""
from __future__ import annotations

from dataclasses import dataclass

from lms.profiles.models import Profile


@dataclass(frozen=True)
class Load:
    active: int
    maximum: int | None

    @property
    def free(self) -> int | None:
        """Places left; None when the mentor set no maximum."""
        return None if self.maximum is None else max(0, self.maximum - self.active)

    @property
    def has_room(self) -> bool:
        return self.free is None or self.free > 0

    @property
    def percent(self) -> int:
        """How full, 0–100 (for the load bar); 0 without a maximum."""
        if not self.maximum:
            return 100 if self.maximum == 0 else 0
        return min(100, round(100 * self.active / self.maximum))


def load(profile: Profile | None) -> Load:
    """The mentor's load; someone without a profile row has no mentees and no maximum."""
    if profile is None:
        return Load(0, None)
    return Load(profile.active_mentees or 0, profile.max_mentees)


def free_places(profile: Profile | None) -> int | None:
    """Places left for new mentees (None: no limit)."""
    return load(profile).free
