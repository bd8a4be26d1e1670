"""Time zones: the lookup every feature uses, and the picker's canonical zones grouped by region."""
from __future__ import annotations

from datetime import date, timedelta

from werkzeug.datastructures import MultiDict

from lms.profiles.forms import ProfileForm
from lms.timezones import canonical_zones, is_known_zone, offset_label, zone_groups, zone_links, zone_or_utc


def test_an_unknown_or_empty_zone_means_utc():
    assert str(zone_or_utc("Mars/Base")) == str(zone_or_utc("")) == "UTC"


def test_the_picker_lists_canonical_zones_without_aliases():
    zones = canonical_zones()
    assert {"Asia/Kolkata", "Europe/Berlin", "America/New_York", "Europe/Amsterdam"} <= set(zones)
    assert not {"US/Eastern", "Etc/GMT+5", "Japan"} & set(zones)


def test_zones_are_grouped_by_region_with_utc_first_and_their_offset_that_day():
    groups = zone_groups(date(2026, 7, 1))
    assert list(groups)[0] == "UTC" and {"Africa", "America", "Asia", "Europe", "Pacific"} <= set(groups)
    assert ("Asia/Kolkata", "Kolkata (UTC+05:30)") in groups["Asia"]
    assert ("Europe/Berlin", "Berlin (UTC+02:00)") in groups["Europe"]                     # summer time
    assert ("Europe/Berlin", "Berlin (UTC+01:00)") in zone_groups(date(2026, 12, 1))["Europe"]
    assert ("America/Argentina/Buenos_Aires", "Argentina – Buenos Aires (UTC−03:00)") in groups["America"]


def test_offsets_are_written_with_sign_hours_and_minutes():
    assert offset_label(timedelta(hours=-3, minutes=-30)) == "UTC−03:30"
    assert offset_label(timedelta(hours=13, minutes=45)) == "UTC+13:45"


def test_old_aliases_are_known_so_saved_rows_keep_working():
    assert is_known_zone("US/Eastern") and is_known_zone("UTC") and not is_known_zone("Mars/Base")


def test_a_zone_the_person_already_has_stays_selectable_when_it_is_not_listed(app):
    with app.test_request_context():
        form = ProfileForm(formdata=MultiDict({"timezone": "Etc/GMT+5"}))
        assert ("Etc/GMT+5", "Other") in [(c.value, c.optgroup) for c in form.timezone.choices]
        form.timezone.pre_validate(form)                       # accepted
        html = str(form.timezone())
    assert '<optgroup label="Asia">' in html and 'data-browser-zone=""' in html


def test_an_unknown_zone_is_refused_with_a_message(app):
    with app.test_request_context():
        form = ProfileForm(formdata=MultiDict({"timezone": "Mars/Base"}))
        form.validate()
    assert form.timezone.errors == ["Choose a time zone from the list."]


def test_old_names_browsers_report_lead_to_the_listed_zone():
    assert zone_links()["Asia/Calcutta"] == "Asia/Kolkata" and zone_links()["Europe/Kiev"] == "Europe/Kyiv"
    assert set(zone_links().values()) <= set(canonical_zones())


def test_a_saved_old_name_is_shown_and_saved_as_todays(app):
    with app.test_request_context():
        form = ProfileForm(formdata=MultiDict({"timezone": "Asia/Calcutta"}))
    assert form.timezone.data == "Asia/Kolkata"
