"""Profile forms. Each lists its fields; nothing else posted is read (no mass assignment)."""
from __future__ import annotations

from flask_babel import lazy_gettext, ngettext
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from lms.auth.forms import TimeZoneField
from lms.i18n.languages import LANGUAGES, html_lang
from lms.profiles import languages
from lms.profiles.models import SkillLevel
from lms.profiles.services import MAX_SKILLS, MentorOffer, OnboardingData, ProfileData
from lms.profiles.skills import MAX_LENGTH, normalise
from lms.text import single_line

LEVEL_LABELS = {SkillLevel.LEARNING: lazy_gettext("Learning"), SkillLevel.WORKING: lazy_gettext("Working"),
                SkillLevel.STRONG: lazy_gettext("Strong"), SkillLevel.EXPERT: lazy_gettext("Expert")}
BLANK_SKILL_ROWS = 2


class SkillRowForm(Form):
    """One row of the skills table: a skill, its level, and "remove"."""

    skill = StringField(lazy_gettext("Skill"), validators=[Optional(), Length(max=MAX_LENGTH)], filters=[single_line])
    level = SelectField(lazy_gettext("Level"), default=SkillLevel.WORKING.value,
                        choices=[SelectChoice(level.value, label) for level, label in LEVEL_LABELS.items()])
    remove = BooleanField(lazy_gettext("Remove"))


def _language_list(form, field) -> None:
    try:
        field.parsed = languages.parse_list(field.data or "")
    except languages.InvalidLanguage as error:
        field.parsed = []
        raise ValidationError(str(error)) from error


class SkillsMixin:
    skills = FieldList(FormField(SkillRowForm), max_entries=MAX_SKILLS + BLANK_SKILL_ROWS + 10)
    languages = StringField(lazy_gettext("Languages you speak"), validators=[Length(max=300), _language_list],
                            description=lazy_gettext("Language codes, most fluent first, separated by commas: "
                                                     "en, pt-BR, es, zh-Hant."))
    timezone = TimeZoneField(lazy_gettext("Time zone"))
    version = HiddenField()

    def validate_skills(self, field) -> None:
        if len(self.skill_levels()) > MAX_SKILLS:
            raise ValidationError(ngettext("List at most %(num)d skill.", "List at most %(num)d skills.", MAX_SKILLS))

    def skill_levels(self) -> dict[str, SkillLevel]:
        """The rows kept, as skill -> level (the first row of a repeated skill wins)."""
        result: dict[str, SkillLevel] = {}
        for row in self.skills:
            tag = normalise(row.skill.data or "")
            level = row.level.data
            if tag and not row.remove.data and tag not in result and level in SkillLevel._value2member_map_:
                result[tag] = SkillLevel(level)
        return result

    def fill_skills(self, levels: dict[str, SkillLevel]) -> None:
        while len(self.skills):
            self.skills.pop_entry()
        for skill, level in levels.items():
            self.skills.append_entry({"skill": skill, "level": SkillLevel(level).value, "remove": False})
        self.add_blank_rows()

    def add_blank_rows(self, count: int = BLANK_SKILL_ROWS) -> None:
        for _ in range(count):
            if len(self.skills) < self.skills.max_entries:
                self.skills.append_entry({"skill": "", "level": SkillLevel.WORKING.value, "remove": False})


class ProfileForm(SkillsMixin, FlaskForm):
    name = StringField(lazy_gettext("Display name"), validators=[DataRequired(), Length(max=120)],
                       filters=[single_line])
    headline = StringField(lazy_gettext("Headline"), validators=[Optional(), Length(max=160)], filters=[single_line],
                           description=lazy_gettext(
                               "One line others see first, e.g. “Backend developer, 8 years of Python”."))
    bio = TextAreaField(lazy_gettext("About you"), validators=[Length(max=4000)],
                        description=lazy_gettext("Markdown. Your cohorts' learners and mentors see this."))
    # Mentors only (removed from the form for everyone else, see ``build``).
    help_with = TextAreaField(lazy_gettext("What you can help with"), validators=[Length(max=2000)],
                              description=lazy_gettext("Plain text, one topic a line."))
    max_mentees = IntegerField(lazy_gettext("Most mentees at once"), validators=[Optional(), NumberRange(0, 50)],
                               description=lazy_gettext("Across all cohorts. Leave empty for no limit."))
    hours_per_week = IntegerField(lazy_gettext("Hours a week for mentoring"),
                                  validators=[Optional(), NumberRange(0, 80)])
    away_until = DateField(lazy_gettext("Away until"), validators=[Optional()],
                           description=lazy_gettext(
                               "While away you get no new mentees or requests. Leave empty when available."))

    offers_peer_mentoring = BooleanField(
        lazy_gettext("Offer peer mentoring"),
        description=lazy_gettext("If you completed a track: invite me as a peer mentor when a later "
                                 "cohort of it opens. You answer each invitation yourself."))

    # The language of the pages and emails (User.language), apart from the languages people speak
    # (``languages``, for mentoring). Each language is named in itself, tagged with its own lang.
    interface_language = SelectField(
        lazy_gettext("Interface language"), validators=[Optional()], default="",
        description=lazy_gettext("The language of these pages and of the emails you get."),
        choices=[SelectChoice("", lazy_gettext("Same as my browser")),
                 *(SelectChoice(code, name, render_kw={"lang": html_lang(code)}) for code, name in LANGUAGES.items())])

    MENTOR_FIELDS = ("help_with", "max_mentees", "hours_per_week", "away_until")

    @classmethod
    def build(cls, *, mentor: bool, **kwargs) -> ProfileForm:
        form = cls(**kwargs)
        if not mentor:
            for name in cls.MENTOR_FIELDS:
                delattr(form, name)
        form.is_mentor = mentor
        return form

    def fill(self, user, profile, levels: dict[str, SkillLevel], version: str) -> None:
        self.name.data, self.bio.data, self.timezone.data = user.name, user.bio, user.timezone
        self.interface_language.data = user.language or ""
        self.headline.data = profile.headline
        self.languages.data = ", ".join(profile.languages or [])
        self.version.data = version
        self.offers_peer_mentoring.data = bool(profile.offers_peer_mentoring)
        if self.is_mentor:
            self.help_with.data, self.max_mentees.data = profile.help_with, profile.max_mentees
            self.hours_per_week.data, self.away_until.data = profile.hours_per_week, profile.away_until
        self.fill_skills(levels)

    def to_data(self) -> ProfileData:
        offer = None
        if self.is_mentor:
            offer = MentorOffer(help_with=self.help_with.data or "", max_mentees=self.max_mentees.data,
                                hours_per_week=self.hours_per_week.data, away_until=self.away_until.data)
        return ProfileData(name=self.name.data, bio=self.bio.data or "", timezone=self.timezone.data,
                           headline=self.headline.data or "", skills=self.skill_levels(),
                           languages=self.languages.parsed, offer=offer,
                           offers_peer_mentoring=bool(self.offers_peer_mentoring.data),
                           language=self.interface_language.data or None)


class WelcomeForm(SkillsMixin, FlaskForm):
    next = HiddenField()

    def fill(self, user, profile, levels: dict[str, SkillLevel], version: str) -> None:
        self.timezone.data = user.timezone
        # First sign-in: the browser's zone is preselected while the account still has the default.
        self.timezone.render_kw = {**self.timezone.render_kw, "data-browser-zone": "preselect"}
        self.languages.data = ", ".join(profile.languages or [])
        self.version.data = version
        self.fill_skills(levels)

    def to_data(self) -> OnboardingData:
        return OnboardingData(timezone=self.timezone.data, skills=self.skill_levels(),
                              languages=self.languages.parsed)
