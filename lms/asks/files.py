"""Files on an ask or a reply: the upload rules and the storage of hand-ins (``lms.submissions``)."""
from __future__ import annotations

from sqlalchemy import select

from lms import storage
from lms.asks.models import Ask, AskFile, AskReply
from lms.extensions import db
from lms.submissions.services import UploadedFile, check_uploads

__all__ = ["UploadedFile", "attach", "check", "ask_file", "read"]


def check(uploads: list[UploadedFile]) -> tuple[list, list[str]]:
    """The accepted files and the messages for refused ones (per message, like per attempt)."""
    return check_uploads(uploads, per="message")


def attach(ask: Ask, checked: list, reply: AskReply | None = None) -> None:
    """Store checked files and attach them to ``ask`` (and to ``reply`` when one is given)."""
    for info, content in checked:
        ask.files.append(AskFile(storage_key=storage.put(content), filename=info.filename,
                                 extension=info.extension, size=info.size,
                                 reply_id=reply.id if reply is not None else None))


def ask_file(file_id: int) -> AskFile | None:
    return db.session.scalar(select(AskFile).where(AskFile.id == file_id))


def read(ask_file: AskFile) -> bytes:
    return storage.get(ask_file.storage_key)
