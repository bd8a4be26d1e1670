"""One-to-one session pages: book (``meetings.book``, linked from the availability pages),
the sessions list, one session, and moving it. The POST actions are in ``booking_actions``."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.exc import StaleDataError

from lms import permissions
from lms.asks.models import Ask
from lms.auth import acting_user
from lms.cohorts.models import Enrollment
from lms.database import utcnow
from lms.errors import PermissionDenied
from lms.extensions import db
from lms.meetings import booking_changes, booking_queries, bookings
from lms.meetings.booking_forms import (
    AttendanceForm,
    BookingForm,
    NoteForm,
    ReasonForm,
    RescheduleForm,
    parse_start,
)
from lms.meetings.booking_notes import notes_for
from lms.meetings.booking_queries import session_time, zone_label
from lms.meetings.bookings import BookingError
from lms.meetings.models import HOLDING_STATUSES, BookingStatus
from lms.meetings.views import bp
from lms.pagecache import cached_page

bp.add_app_template_filter(session_time, "session_time")
bp.add_app_template_filter(zone_label, "zone_label")


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def _field_error(form, error: BookingError) -> None:
    target = getattr(form, error.field or "", None)
    if target is None or error.field in ("mentor_id", "minutes", "client_key"):
        form.form_errors.append(str(error))
    else:
        target.errors = list(target.errors) + [str(error)]


@bp.route("/meetings/book/<int:enrollment_id>", methods=["GET", "POST"])
@login_required
@cached_page
def book(enrollment_id: int):
    enrollment = db.session.get(Enrollment, enrollment_id, options=[joinedload(Enrollment.cohort)])
    permissions.require(enrollment is not None and permissions.can_book_sessions(current_user, enrollment), hide=True)
    form = BookingForm(links=bookings.open_links(enrollment))
    if not form.is_submitted() and _int_arg("ask_id"):
        form.about.data = f"ask:{_int_arg('ask_id')}"
    if form.validate_on_submit():
        about = form.about_ids()
        if about is None:
            form.about.errors = [gettext("Choose one of the options.")]
        else:
            try:
                booking = bookings.book(enrollment, int(form.mentor_id.data), form.starts.moment,
                                        int(form.minutes.data), agenda=form.agenda.data or "",
                                        client_key=form.client_key.data, actor=acting_user(), **about)
                db.session.commit()
            except BookingError as error:
                db.session.rollback()
                _field_error(form, error)
            except PermissionDenied:
                db.session.rollback()
                form.form_errors.append(gettext("You cannot book sessions in this cohort."))
            else:
                flash(gettext("Booked.") if booking.status == BookingStatus.CONFIRMED
                      else gettext("Requested: your mentor confirms it soon."), "success")
                return redirect(url_for("meetings.session", booking_id=booking.id))
    for hidden in (form.mentor_id, form.minutes, form.client_key):  # not shown beside a field
        form.form_errors.extend(hidden.errors)
    status = 400 if form.is_submitted() else 200
    return _book_page(db.session.get(Enrollment, enrollment_id), form), status


def _book_page(enrollment: Enrollment, form: BookingForm):
    now = utcnow()
    ask_id = _int_arg("ask_id")
    ask = db.session.get(Ask, ask_id) if ask_id else None
    if ask is not None and ask.user_id != current_user.id:
        ask = None
    mentors = booking_queries.bookable_mentors(current_user, enrollment, ask)
    posted = form.mentor_id.data if form.is_submitted() and (form.mentor_id.data or "").isdigit() else None
    wanted = int(posted) if posted else _int_arg("mentor_id")
    if wanted is not None:
        mentor = next((m for m in mentors if m.id == wanted), None)
    else:
        mentor = mentors[0] if len(mentors) == 1 else None
    schedule = booking_queries.schedule_of(mentor.id) if mentor else None
    lengths = sorted(schedule.lengths or []) if schedule else []
    asked = form.minutes.data if form.is_submitted() and (form.minutes.data or "").isdigit() else None
    minutes = int(asked) if asked else _int_arg("minutes")
    minutes = minutes if minutes in lengths else (lengths[0] if lengths else None)
    week = (booking_queries.week_of_slots(mentor.id, minutes, _int_arg("week") or 0, current_user.timezone, now)
            if schedule and minutes else None)
    if mentor:
        form.mentor_id.data, form.minutes.data = str(mentor.id), str(minutes or "")
    chosen = parse_start(form.starts.data or request.args.get("starts", ""))
    return render_template("meetings/booking_new.html", enrollment=enrollment, form=form, mentors=mentors,
                           mentor=mentor, wanted=wanted, schedule=schedule, lengths=lengths, minutes=minutes,
                           week=week, chosen=chosen, ask=ask, viewer_zone=current_user.timezone)


@bp.route("/meetings/")
@login_required
def sessions():
    listing = booking_queries.sessions_of(current_user, utcnow())
    learners = [b.learner_id for b in listing.waiting + listing.upcoming + listing.past
                if b.mentor_id == current_user.id]
    return render_template("meetings/booking_list.html", sessions=listing,
                           mentee_links=permissions.viewable_mentee_ids(current_user, learners))


def visible_booking(booking_id: int):
    booking = booking_queries.load_booking(booking_id)
    permissions.require(booking is not None and permissions.can_view_booking(current_user, booking), hide=True)
    return booking


def session_page(booking, *, status: int = 200, **forms):
    now = utcnow()
    user = current_user
    starts_passed = now >= booking.starts_at
    holding = booking.status in HOLDING_STATUSES
    allowed = {
        "answer": permissions.can_answer_booking(user, booking) and booking.status == BookingStatus.REQUESTED
        and not starts_passed,
        "change": permissions.can_change_booking(user, booking) and holding and not starts_passed,
        "attendance": permissions.can_answer_booking(user, booking) and starts_passed
        and booking.status in (BookingStatus.CONFIRMED, BookingStatus.ATTENDED, BookingStatus.NO_SHOW),
        "notes": permissions.can_write_booking_notes(user, booking),
    }
    notes = notes_for(booking, user)
    forms.setdefault("cancel_form", ReasonForm(prefix="cancel"))
    forms.setdefault("decline_form", ReasonForm(prefix="decline"))
    forms.setdefault("attendance_form", AttendanceForm())
    for key, shared, note in (("private_form", "0", notes["private"]), ("shared_form", "1", notes["mine_shared"])):
        if key not in forms:
            forms[key] = NoteForm(prefix=f"note{shared}", formdata=None,
                                  data={"shared": shared, "version": str(note.version if note else 0),
                                        "body": note.body if note else ""})
    deadline = booking_changes.learner_deadline(booking) if booking.learner_id == user.id else None
    other = booking.mentor if user.id == booking.learner_id else booking.learner
    return render_template("meetings/booking_detail.html", booking=booking, allowed=allowed, notes=notes,
                           other=other, deadline=deadline, now=now, **forms), status


@bp.route("/meetings/<int:booking_id>")
@login_required
@cached_page
def session(booking_id: int):
    return session_page(visible_booking(booking_id))


@bp.route("/meetings/<int:booking_id>/reschedule", methods=["GET", "POST"])
@login_required
def session_reschedule(booking_id: int):
    booking = visible_booking(booking_id)
    permissions.require(permissions.can_change_booking(current_user, booking))
    form = RescheduleForm()
    if form.validate_on_submit():
        try:
            booking_changes.reschedule(booking, form.starts.moment, int(form.minutes.data), acting_user(),
                                       reason=form.reason.data or "")
            db.session.commit()
        except BookingError as error:
            db.session.rollback()
            _field_error(form, error)
        except StaleDataError:
            db.session.rollback()
            form.form_errors.append(gettext("Someone changed this session at the same moment. Look at it again."))
        except PermissionDenied:
            db.session.rollback()
            form.form_errors.append(gettext("You cannot move this session."))
        else:
            flash(gettext("Moved. Both of you get the new time."), "success")
            return redirect(url_for("meetings.session", booking_id=booking_id))
    booking = visible_booking(booking_id)
    schedule = booking_queries.schedule_of(booking.mentor_id)
    lengths = sorted(schedule.lengths or []) if schedule else []
    minutes = int(form.minutes.data) if (form.minutes.data or "").isdigit() else _int_arg("minutes")
    minutes = minutes if minutes in lengths else (booking.minutes if booking.minutes in lengths
                                                  else (lengths[0] if lengths else None))
    week = (booking_queries.week_of_slots(booking.mentor_id, minutes, _int_arg("week") or 0, current_user.timezone,
                                          utcnow(), ignore_booking_id=booking.id) if minutes else None)
    form.minutes.data = str(minutes or "")
    form.form_errors.extend(form.minutes.errors)
    return render_template("meetings/booking_reschedule.html", booking=booking, form=form, week=week,
                           lengths=lengths, minutes=minutes, chosen=form.starts.moment,
                           viewer_zone=current_user.timezone), (400 if form.is_submitted() else 200)


from lms.meetings.views import booking_actions  # noqa: E402,F401  (the POST actions register on bp)
