"""Profile forms. Each lists its fields; nothing else posted is read (no mass assignment)."""
from __future__ import annotations

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
from lms.profiles import languages
from lms.profiles.models import SkillLevel
from lms.profiles.services import MAX_SKILLS, MentorOffer, OnboardingData, ProfileData
from lms.profiles.skills import MAX_LENGTH, normalise
from lms.text import single_line

LEVEL_LABELS = {SkillLevel.LEARNING: "Learning", SkillLevel.WORKING: "Working",
                SkillLevel.STRONG: "Strong", SkillLevel.EXPERT: "Expert"}
BLANK_SKILL_ROWS = 2


class SkillRowForm(Form):
    """One row of the skills table: a skill, its level, and "remove"."""

    skill = StringField("Skill", validators=[Optional(), Length(max=MAX_LENGTH)], filters=[single_line])
    level = SelectField("Level", default=SkillLevel.WORKING.value,
                        choices=[SelectChoice(level.value, label) for level, label in LEVEL_LABELS.items()])
    remove = BooleanField("Remove")


def _language_list(form, field) -> None:
    try:
        field.parsed = languages.parse_list(field.data or "")
    except languages.InvalidLanguage as error:
        field.parsed = []
        raise ValidationError(str(error)) from error


class SkillsMixin:
    skills = FieldList(FormField(SkillRowForm), max_entries=MAX_SKILLS + BLANK_SKILL_ROWS + 10)
    languages = StringField("Languages you speak", validators=[Length(max=300), _language_list],
                            description="Language codes, most fluent first, separated by commas: "
                                        "en, pt-BR, es, zh-Hant.")
    timezone = TimeZoneField("Time zone")
    version = HiddenField()

    def validate_skills(self, field) -> None:
        if len(self.skill_levels()) > MAX_SKILLS:
            raise ValidationError(f"List at most {MAX_SKILLS} skills.")

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
    name = StringField("Display name", validators=[DataRequired(), Length(max=120)], filters=[single_line])
    headline = StringField("Headline", validators=[Optional(), Length(max=160)], filters=[single_line],
                           description="One line others see first, e.g. “Backend developer, 8 years of Python”.")
    bio = TextAreaField("About you", validators=[Length(max=4000)],
                        description="Markdown. Your cohorts' learners and mentors see this.")
    # Mentors only (removed from the form for everyone else, see ``build``).
    help_with = TextAreaField("What you can help with", validators=[Length(max=2000)],
                              description="Plain text, one topic a line.")
    max_mentees = IntegerField("Most mentees at once", validators=[Optional(), NumberRange(0, 50)],
                               description="Across all cohorts. Leave empty for no limit.")
    hours_per_week = IntegerField("Hours a week for mentoring", validators=[Optional(), NumberRange(0, 80)])
    away_until = DateField("Away until", validators=[Optional()],
                           description="While away you get no new mentees or requests. Leave empty when available.")

    offers_peer_mentoring = BooleanField(
        "Offer peer mentoring", description="If you completed a track: invite me as a peer mentor when a later "
        "cohort of it opens. You answer each invitation yourself.")

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
                           offers_peer_mentoring=bool(self.offers_peer_mentoring.data))


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
