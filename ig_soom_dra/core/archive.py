"""Reading many DRA files out of one zip archive, safely.

A zip archive comes from outside: its directory may lie about the sizes of
its members, name members outside the folder ("../../etc/passwd"), hold
millions of members or a few that inflate to gigabytes (a "zip bomb").
:func:`read_zip` never extracts anything to disk and checks, in this order:

1. the archive itself (a readable zip; at most ``max_members`` entries);
2. the sizes its directory declares: a member above ``max_member_size`` is
   skipped, and the declared sizes of the members taken must not add up to
   more than ``max_total_size`` (else the whole archive is refused before a
   byte is inflated);
3. each member's name: absolute paths, drive letters and ``..`` parts are
   skipped; only ``.xml`` members are taken, the others are reported;
4. while inflating: never more than the declared size plus one byte is
   read, so a member that inflates to more than it declares is skipped as
   damaged (so are damaged data and a wrong checksum), and so is an
   encrypted one.

The members taken and the ones skipped are returned with a reason code; the
caller words the message. This module must not import Odoo.
"""

import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

__all__ = [
    "DEFAULT_MAX_MEMBERS",
    "DEFAULT_MAX_TOTAL_SIZE",
    "ArchiveError",
    "ArchiveMember",
    "SkippedMember",
    "is_zip",
    "read_zip",
]

#: Most entries (files and folders) an archive may have.
DEFAULT_MAX_MEMBERS = 2000
#: Most bytes the members taken may inflate to, together (1 GiB).
DEFAULT_MAX_TOTAL_SIZE = 1024 * 1024 * 1024
#: Bytes read at a time while inflating a member.
_CHUNK = 1024 * 1024
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


class ArchiveError(ValueError):
    """The whole archive is refused. ``code``: ``not_zip``, ``too_many_members``
    or ``too_large`` (declared total); ``details`` holds the limits."""

    def __init__(self, code: str, message: str, details: dict | None = None):
        super().__init__(message)
        self.code = code
        self.details = details or {}


@dataclass(frozen=True)
class ArchiveMember:
    """A member taken: its name (base name only) and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class SkippedMember:
    """A member left out. ``reason``: ``not_xml``, ``unsafe_name``,
    ``too_large``, ``encrypted`` or ``damaged``."""

    name: str
    reason: str
    details: dict = field(default_factory=dict)


def is_zip(name: str | None, head: bytes) -> bool:
    """Whether an uploaded file is a zip archive: by its first bytes, or by
    its name when it is too short to tell."""
    return head[:4] in _ZIP_MAGIC or (len(head) < 4 and (name or "").lower().endswith(".zip"))


def _unsafe(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return (
        name.startswith(("/", "\\"))
        or (len(name) > 1 and name[1] == ":")
        or any(part == ".." for part in parts)
        or "\x00" in name
    )


def _base_name(name: str) -> str:
    return name.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The member's bytes; never more than it declares are inflated (then its
    checksum fails: ``BadZipFile``)."""
    chunks, size = [], 0
    with archive.open(info) as stream:
        while True:
            chunk = stream.read(min(_CHUNK, info.file_size + 1 - size))
            if not chunk:
                break
            size += len(chunk)
            if size > info.file_size:
                raise zipfile.BadZipFile(f"{info.filename} inflates to more than it declares.")
            chunks.append(chunk)
    return b"".join(chunks)


def read_zip(
    source: IO[bytes] | bytes,
    *,
    max_member_size: int,
    max_members: int = DEFAULT_MAX_MEMBERS,
    max_total_size: int = DEFAULT_MAX_TOTAL_SIZE,
) -> Iterator[ArchiveMember | SkippedMember]:
    """Yield, in the archive's order, each member taken or skipped.

    ``source`` is the archive as bytes or a seekable binary file. The checks
    of the archive as a whole (:class:`ArchiveError`) are made before the
    first member is yielded. Folders are passed over silently.
    """
    if isinstance(source, bytes | bytearray):
        source = io.BytesIO(source)
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
        raise ArchiveError("not_zip", f"Not a readable zip archive: {error}") from error
    with archive:
        infos = archive.infolist()
        if len(infos) > max_members:
            raise ArchiveError(
                "too_many_members",
                f"The archive has {len(infos)} entries, more than {max_members}.",
                {"count": len(infos), "limit": max_members},
            )
        plan: list[tuple[zipfile.ZipInfo, str | None]] = []
        total = 0
        for info in infos:
            if info.is_dir():
                continue
            reason = None
            if _unsafe(info.filename):
                reason = "unsafe_name"
            elif not info.filename.lower().endswith(".xml"):
                reason = "not_xml"
            elif info.flag_bits & 0x1:
                reason = "encrypted"
            elif info.file_size > max_member_size:
                reason = "too_large"
            else:
                total += info.file_size
            plan.append((info, reason))
        if total > max_total_size:
            raise ArchiveError(
                "too_large",
                f"The members of the archive inflate to {total} bytes, more than {max_total_size}.",
                {"size": total, "limit": max_total_size},
            )
        for info, reason in plan:
            name = _base_name(info.filename) or info.filename
            if reason:
                yield SkippedMember(name, reason, {"size": info.file_size})
                continue
            try:
                data = _read_member(archive, info)
            except (
                zipfile.BadZipFile,
                zlib.error,
                NotImplementedError,
                RuntimeError,
                OSError,
                EOFError,
            ):
                # a wrong checksum, damaged deflate data, an unknown method
                yield SkippedMember(name, "damaged")
                continue
            yield ArchiveMember(name, data)
