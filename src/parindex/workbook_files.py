"""Saving a workbook: atomically, never over an input, and with the same bytes on every run when asked.

Why a module of its own: the annex workbook and the self-assessment template are both saved this
way, and the zip details (entry dates, permissions, Zip64) have nothing to do with their content.
The Word annex, a zip too, is stamped by the same class (:func:`restamped`).
"""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from .writing import atomic_write, check_output_path, scratch_folder

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl import Workbook


def save_workbook(workbook: Workbook, path: Path, inputs: Iterable[Path] = (), *, future_inputs: bool = True) -> None:
    """Save atomically; refuses a path that is one of INPUTS or a folder (raises OutputError).

    openpyxl's temporary sheet files go to a scratch folder removed whatever happens (an error,
    Ctrl-C, SIGTERM), and with SOURCE_DATE_EPOCH set the bytes are the same on every run.
    """
    check_output_path(path, inputs, future_inputs=future_inputs)
    with scratch_folder():
        atomic_write(path, lambda temp: write_xlsx(workbook, temp))


def source_date() -> datetime | None:
    """SOURCE_DATE_EPOCH as a UTC time (reproducible-builds.org), or None when unset or not an integer."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not (value.isascii() and value.isdigit()):
        return None
    try:
        return datetime.fromtimestamp(int(value), tz=UTC).replace(tzinfo=None)
    except (OverflowError, ValueError, OSError):  # beyond the year 9999: the latest date a zip holds
        return _ZIP_END


class _StampedZip(zipfile.ZipFile):
    """A ZipFile whose every entry carries one date and the same permissions (reproducible bytes).

    openpyxl adds entries with `writestr(name, data)` (dated now) and `write(file, name)` (dated
    by the temporary file): both are given STAMP instead.
    """

    def __init__(self, file: BinaryIO, stamp: tuple[int, int, int, int, int, int]) -> None:
        super().__init__(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self.stamp = stamp

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self.stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16
        return info

    def writestr(self, zinfo_or_arcname: Any, data: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = self._info(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(
        self, filename: Any, arcname: Any = None, compress_type: int | None = None, compresslevel: int | None = None
    ) -> None:
        """Copy FILENAME in as ARCNAME, stamped (every entry is deflated: the compression arguments are ignored)."""
        del compress_type, compresslevel  # the stamp decides; openpyxl passes neither
        info = self._info(str(arcname if arcname is not None else Path(filename).name))
        info.file_size = os.path.getsize(filename)  # as ZipInfo.from_file: decides Zip64 for a huge sheet
        with open(filename, "rb") as source, self.open(info, "w") as destination:
            shutil.copyfileobj(source, destination, 1 << 20)


def write_xlsx(workbook: Workbook, path: Path) -> None:
    """Write WORKBOOK to PATH as openpyxl's `save` does, with fixed dates when SOURCE_DATE_EPOCH is set.

    Why not `workbook.save`: on a failure (a full disk) it leaves its ZipFile open, and Python
    later prints that object's own failure to close as a traceback ("Exception ignored in:
    ZipFile.__del__"); and it dates the file and every zip entry with the current time.
    """
    from openpyxl.writer.excel import ExcelWriter

    date = source_date()
    stamp = zip_stamp(date)
    if date is not None:
        workbook.properties.created = workbook.properties.modified = date
    else:
        workbook.properties.modified = datetime.now(tz=UTC).replace(tzinfo=None)
    with open(path, "wb") as handle:
        archive = _StampedZip(handle, stamp)  # type: ignore[arg-type]
        try:
            ExcelWriter(workbook, archive).write_data()
            archive.close()
        except BaseException:
            archive.fp = None  # closed with HANDLE below: nothing left for ZipFile.__del__ to write
            raise


def zip_stamp(date: datetime | None) -> tuple[int, int, int, int, int, int]:
    """The date every entry of a written zip carries: DATE within what a zip can hold, or now when None."""
    return (datetime.now() if date is None else min(max(date, _ZIP_EPOCH), _ZIP_END)).timetuple()[:6]


def restamped(data: bytes, date: datetime) -> bytes:
    """The zip DATA rewritten with every entry dated DATE and the same permissions (the same bytes on every run).

    For a file whose library writes the zip itself (python-docx): its entries are copied in order.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, _StampedZip(out, zip_stamp(date)) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
    return out.getvalue()


#: Zip dates start in 1980: an earlier SOURCE_DATE_EPOCH is written as 1980-01-01 (the zip entries only) ...
_ZIP_EPOCH = datetime(1980, 1, 1)
#: ... and end in 2107: a later one is written as the last moment a zip can hold.
_ZIP_END = datetime(2107, 12, 31, 23, 59, 58)
