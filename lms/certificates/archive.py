"""A ZIP of stored certificate PDFs, streamed as it is written (one PDF in memory at a time)."""
from __future__ import annotations

import zipfile
from typing import Iterable, Iterator

from werkzeug.utils import secure_filename

from lms.certificates.models import Certificate
from lms.certificates.publishing import pdf_of


class _Chunks:
    """A write-only file that hands out what was written since the last ``take``.

    It can tell its position but not seek, so ``zipfile`` writes data descriptors and
    never goes back: exactly what streaming needs.
    """

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self._position = 0

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        self._position += len(data)
        return len(data)

    def tell(self) -> int:
        return self._position

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data, self._parts = b"".join(self._parts), []
        return data


def archive_name(certificate: Certificate) -> str:
    base = secure_filename(certificate.learner_name) or "learner"
    return f"{base}-{certificate.code[:8]}.pdf"


def zip_of_certificates(certificates: Iterable[Certificate]) -> Iterator[bytes]:
    """Yield a ZIP archive of the certificates' stored PDFs (those not rendered yet are listed
    in ``MISSING.txt``)."""
    out = _Chunks()
    missing = []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for certificate in certificates:
            pdf = pdf_of(certificate)
            if pdf is None:
                missing.append(f"{certificate.learner_name} ({certificate.code[:8]}): PDF not rendered yet")
                continue
            archive.writestr(archive_name(certificate), pdf)
            yield out.take()
        if missing:
            archive.writestr("MISSING.txt", "\n".join(missing) + "\n")
    yield out.take()
