"""No word shown to people bypasses gettext: templates (text and the attributes people read or
hear) and the Python calls that hand words to pages (flash, form labels, validation messages,
navigation labels, email subjects). ``tests/i18n/untranslated.py`` is the finder."""
from __future__ import annotations

from pathlib import Path

from tests.i18n import untranslated


def test_no_template_or_module_shows_words_outside_gettext():
    found = untranslated.findings()
    assert found == [], f"{len(found)} untranslated:\n" + "\n".join(map(str, found[:80]))


def _template(tmp_path: Path, text: str, suffix: str = ".html") -> list[str]:
    path = tmp_path / "templates" / f"page{suffix}"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return [finding.text for finding in untranslated.template_findings(path)]


def test_the_finder_sees_text_and_read_attributes(tmp_path):
    found = _template(tmp_path, '<p>Hello {{ name }}</p><a aria-label="Close it" title="{{ _("Fine") }}">'
                                '<img alt="A chart"></a><input type="submit" value="Save">')
    assert found == ["Hello \ue000", "aria-label=Close it", "alt=A chart", "value=Save"]


def test_the_finder_accepts_gettext_trans_blocks_scripts_and_codes(tmp_path):
    found = _template(tmp_path, '{% trans name=n %}Hello {{ name }}{% endtrans %}<p>{{ _("Hi") }}</p>'
                                '<script src="x.js"></script><style>.a{color:red}</style>'
                                '<p>CSV · PDF — 42 %</p>{# a comment in words #}<input type="text" value="x">')
    assert found == []


def test_the_finder_skips_the_pages_css_classes(tmp_path):
    assert _template(tmp_path, "{% block main_class %}page page--wide{% endblock %}<p>Words</p>") == ["Words"]


def test_the_finder_reads_text_emails_whole(tmp_path):
    assert _template(tmp_path, "Hello {{ name }},\n{% trans %}Bye{% endtrans %}", ".txt") == ["Hello"]


def test_the_finder_flags_literal_words_handed_to_people(tmp_path):
    module = tmp_path / "views.py"
    module.write_text('flash("Saved.")\nflash(gettext("Saved."))\nname = StringField("Your name")\n'
                      'raise ValidationError(f"Too long: {n}")\nlog.info("Started the job")\n', encoding="utf-8")
    assert [finding.line for finding in untranslated.python_findings(module)] == [1, 3, 4]
