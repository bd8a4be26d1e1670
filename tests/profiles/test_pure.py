"""Languages, working-hour overlaps and free places: pure functions."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from lms.profiles import capacity, hours, languages
from lms.profiles.models import Profile


@pytest.mark.parametrize("tag, canonical", [("en", "en"), ("pt-br", "pt-BR"), ("ZH_hant", "zh-Hant"),
                                            ("sr-latn-rs", "sr-Latn-RS"), ("es-419", "es-419"),
                                            ("fil", "fil"), ("yue-HK", "yue-HK")])
def test_language_tags_are_stored_in_canonical_case(tag, canonical):
    assert languages.canonical(tag) == canonical


@pytest.mark.parametrize("tag", ["english", "xx", "e", "en-", "en--us", "<script>", "en-US-" + "x" * 40, ""])
def test_malformed_or_unknown_language_tags_are_refused(tag):
    with pytest.raises(languages.InvalidLanguage):
        languages.canonical(tag)


def test_language_lists_drop_repeats_and_are_named():
    assert languages.parse_list("en, pt-BR pt-br;de") == ["en", "pt-BR", "de"]
    assert languages.name("pt-BR") == "Portuguese (Brazil)" and languages.name("zh-Hant") == "Chinese (Traditional)"
    assert languages.speaks(["pt-BR"], "pt") and not languages.speaks(["pt-BR"], "en")


SUMMER = datetime(2026, 7, 1, 12, 0, tzinfo=timezone.utc)
WINTER = datetime(2026, 1, 15, 12, 0, tzinfo=timezone.utc)


def test_working_hours_overlap_follows_daylight_saving_time():
    # Berlin and New York: 6 hours apart most of the year -> 3 shared hours (15:00–18:00 Berlin).
    assert hours.overlap_hours("Europe/Berlin", "America/New_York", SUMMER) == 3
    assert hours.overlap_hours("Europe/Berlin", "America/New_York", WINTER) == 3
    # Mid-March: the US has moved its clocks, Europe not yet: 5 hours apart -> 4 shared hours.
    assert hours.overlap_hours("Europe/Berlin", "America/New_York", datetime(2026, 3, 20, 12, tzinfo=timezone.utc)) == 4
    assert hours.overlap_hours("UTC", "UTC", SUMMER) == 9
    assert hours.overlap_hours("Asia/Kolkata", "UTC", SUMMER) == 3.5


def test_overlap_across_the_date_line_counts_the_neighbouring_day():
    # Tokyo 09:00–10:00 is Los Angeles 17:00–18:00 the day before (summer).
    assert hours.overlap_hours("Asia/Tokyo", "America/Los_Angeles", SUMMER) == 1
    assert hours.overlap_hours("America/Los_Angeles", "Asia/Tokyo", SUMMER) == 1
    assert hours.overlap_hours("Pacific/Tongatapu", "Pacific/Pago_Pago", SUMMER) == 9, "same clock, a day apart"
    assert hours.overlap_hours("Pacific/Kiritimati", "Pacific/Pago_Pago", SUMMER) == 8, "25 hours apart"


def test_unknown_zones_count_as_utc():
    assert hours.overlap_hours("Nowhere/Special", "UTC", SUMMER) == 9
    assert hours.local_time("Asia/Kolkata", SUMMER) == "17:30"


def test_free_places_is_the_maximum_minus_the_active_mentees_never_negative():
    assert capacity.free_places(None) is None
    assert capacity.free_places(Profile(active_mentees=1, max_mentees=3)) == 2
    assert capacity.free_places(Profile(active_mentees=4, max_mentees=3)) == 0
    assert not capacity.load(Profile(active_mentees=0, max_mentees=0)).has_room
    assert capacity.load(Profile(active_mentees=2, max_mentees=None)).has_room
    assert capacity.load(Profile(active_mentees=1, max_mentees=4)).percent == 25
