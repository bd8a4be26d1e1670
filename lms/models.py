"""Every model, imported in one place so migrations and tests see the whole schema."""
from lms.api.models import ApiToken, IdempotencyKey  # noqa: F401
from lms.asks.models import Ask, AskFile, AskReply  # noqa: F401
from lms.audit.models import AuditEvent  # noqa: F401
from lms.auth.models import AccountToken, PasswordResetRequest, User  # noqa: F401
from lms.certificates.models import Certificate, CohortCertificateSettings  # noqa: F401
from lms.cohorts.models import (  # noqa: F401
    CalendarToken,
    Cohort,
    CohortDeadline,
    CsvEnrollmentPlan,
    Enrollment,
    MatchExclusion,
    MentorAssignment,
    Mentorship,
)
from lms.cohorts.peer_mentor_seat import PeerMentorSeat  # noqa: F401
from lms.community.models import (  # noqa: F401
    ConductAgreement,
    Post,
    PostFile,
    PostReport,
    Space,
    Topic,
    TopicFollow,
)
from lms.jobs.models import PeriodicTask  # noqa: F401
from lms.meetings.models import (  # noqa: F401
    AvailabilityException,
    AvailabilityRule,
    Booking,
    BookingEvent,
    BookingNote,
    MentorSchedule,
    Workshop,
    WorkshopRegistration,
)
from lms.mentorships.models import MentorRequest, RequestPick  # noqa: F401
from lms.notifications.models import Notification, NotificationPreference  # noqa: F401
from lms.outbox import OutboxEmail  # noqa: F401
from lms.pagecache import TableVersion  # noqa: F401
from lms.peer.models import PeerBlock, PeerCalibration, PeerDuty, PeerReview  # noqa: F401
from lms.plans.models import Goal, GoalCheckIn, GoalCriterion, GoalSkill  # noqa: F401
from lms.profiles.models import Profile, UserSkill  # noqa: F401
from lms.progress.models import LessonProgress, ProgressArchive, QuizAttempt  # noqa: F401
from lms.ratelimit import RateLimitCounter  # noqa: F401
from lms.reviews.models import Review, ReviewRating  # noqa: F401
from lms.storage import StoredFile  # noqa: F401
from lms.submissions.models import Attempt, AttemptFile, Submission  # noqa: F401
from lms.tracks.models import Lesson, Module, Track, TrackAsset, TrackUpload, TrackVersion  # noqa: F401
from lms.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint  # noqa: F401
