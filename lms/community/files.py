"""Files on a post: the upload rules and storage of hand-ins, as for asks (``lms.asks.files``)."""
from __future__ import annotations

from sqlalchemy import select

from lms import storage
from lms.community.models import Post, PostFile
from lms.extensions import db
from lms.submissions.services import UploadedFile, check_uploads

__all__ = ["UploadedFile", "attach", "check", "post_file", "read"]


def check(uploads: list[UploadedFile]) -> tuple[list, list[str]]:
    return check_uploads(uploads, per="message")


def attach(post: Post, checked: list) -> None:
    for info, content in checked:
        post.files.append(PostFile(storage_key=storage.put(content), filename=info.filename,
                                   extension=info.extension, size=info.size))


def post_file(file_id: int) -> PostFile | None:
    return db.session.scalar(select(PostFile).where(PostFile.id == file_id))


def read(post_file: PostFile) -> bytes:
    return storage.get(post_file.storage_key)
