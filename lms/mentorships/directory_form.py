"""The mentor directory's filters: a GET form (no CSRF token; it changes nothing)."""
from __future__ import annotations

from flask_babel import lazy_gettext
from wtforms import BooleanField, Form, IntegerField, SearchField
from wtforms.validators import Length, NumberRange, Optional

from lms.mentorships.directory import Filters
from lms.text import single_line


class DirectoryFilterForm(Form):
    skill = SearchField(lazy_gettext("Skill"), validators=[Optional(), Length(max=60)], filters=[single_line])
    language = SearchField(lazy_gettext("Language code"), validators=[Optional(), Length(max=35)],
                           filters=[single_line])
    min_overlap = IntegerField(lazy_gettext("Shared working hours, at least"),
                               validators=[Optional(), NumberRange(0, 9)])
    free_only = BooleanField(lazy_gettext("Has free places"))
    hide_away = BooleanField(lazy_gettext("Hide mentors who are away"))

    def filters(self) -> Filters:
        """What to filter by; a field that did not validate is ignored (its message is shown)."""
        def valid(name):
            field = getattr(self, name)
            return None if field.errors else field.data
        return Filters(skill=valid("skill") or "", language=(valid("language") or "").replace("_", "-"),
                       min_overlap=valid("min_overlap") or 0, free_only=bool(self.free_only.data),
                       hide_away=bool(self.hide_away.data))
