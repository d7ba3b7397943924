"""The write path of an export: whose directory it is, atomic files, and what to clean up.

- An export writes only into an empty directory or one an earlier export wrote (it holds the
  state file); anything else may be someone's own index.html or feeds, refused without `force`.
- Each file goes to a temporary `.NAME.PID.tmp` beside it and is renamed into place, so a reader
  never sees half a file; the bytes are on disk before the rename (one sync for a whole batch). A run killed mid-write leaves its temporary file behind; the next run
  removes those whose process is gone.
- Only paths inside the directory are ever removed.
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath

from planner.errors import PlannerError
from planner.i18n import _

_TEMPORARY = re.compile(r"^\..+\.(\d+)\.tmp$")


def prepare_out_dir(out_dir: Path, state_file: str, *, force: bool = False) -> None:
    """Refuse a non-empty directory that is not an earlier export's (unless forced); sweep leftovers."""
    if out_dir.exists() and not out_dir.is_dir():
        raise PlannerError(_("不是目录"), file=str(out_dir), hint=_("请为订阅源选择一个目录"))
    if not out_dir.is_dir():
        return
    if not force and not (out_dir / state_file).is_file() and any(not _TEMPORARY.match(p.name) for p in out_dir.iterdir()):
        raise PlannerError(
            _("目录中有不是订阅源导出写入的文件：拒绝覆盖"),
            file=str(out_dir),
            hint=_("请选择空目录或新目录，或加上 --force"),
        )
    remove_orphaned_temporaries(out_dir)


def remove_orphaned_temporaries(out_dir: Path) -> list[Path]:
    """Delete `.NAME.PID.tmp` files under `out_dir` whose writing process no longer runs."""
    removed = []
    for path in sorted(out_dir.rglob(".*.tmp")):
        found = _TEMPORARY.match(path.name)
        if found and path.is_file() and not _running(int(found.group(1))):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # a leftover of an earlier process that had our number
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return pid > 0  # someone else's live process (or a number no process can have)
    return True


def write_file(path: Path, data: bytes, batch: Batch | None = None) -> bool:
    """Atomically replace `path` with `data` unless it already holds exactly that; True if written.

    With a `batch`, the bytes go to the temporary file and the batch moves it into place later,
    after one sync for all its files (a sync per file is most of a big export's wall time).
    """
    if _holds(path, data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as out:
            out.write(data)
            if batch is None:
                out.flush()
                os.fsync(out.fileno())  # the rename must not land before the bytes do
        if batch is None:
            os.replace(tmp, path)
        else:
            batch.pending.append((tmp, path))
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return True


class Batch:
    """Files written to their temporary names, moved into place together once the disk holds them all.

    Leaving the `with` block normally syncs the filesystem once and renames every file; leaving
    it by an exception removes the temporary files, so nothing of the batch is published.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.pending: list[tuple[Path, Path]] = []

    def __enter__(self) -> Batch:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        pending, self.pending = self.pending, []
        published = 0
        try:
            if kind is None and pending:
                _sync(self.directory, [tmp for tmp, _path in pending])  # every rename lands after its bytes
                for tmp, path in pending:
                    os.replace(tmp, path)
                    published += 1
        finally:
            for tmp, _path in pending[published:]:  # not published: the block failed, or a rename did
                tmp.unlink(missing_ok=True)


def _sync(directory: Path, files: list[Path]) -> None:
    """Flush `files` to disk: Linux's syncfs for their filesystem at once, else a sync of every
    filesystem, else (where neither exists) one fsync per file as unbatched writes do."""
    try:
        import ctypes

        syncfs = ctypes.CDLL(None, use_errno=True).syncfs
        descriptor = os.open(directory, os.O_RDONLY)
    except Exception:  # not Linux (no syncfs, or no CDLL(None) on Windows)
        syncfs = None
    if syncfs is not None:
        try:
            if syncfs(descriptor) == 0:
                return
        finally:
            os.close(descriptor)
    if hasattr(os, "sync"):
        os.sync()
        return
    for file in files:
        with file.open("rb+") as handle:
            os.fsync(handle.fileno())


def _holds(path: Path, data: bytes) -> bool:
    """Whether the file holds exactly `data`, read a block at a time (a big plan's all.ics is large)."""
    try:
        if path.stat().st_size != len(data):
            return False
        view, offset = memoryview(data), 0
        with path.open("rb") as existing:
            while block := existing.read(1 << 20):
                if view[offset : offset + len(block)] != block:
                    return False
                offset += len(block)
        return offset == len(data)
    except FileNotFoundError:
        return False


def inside(relative: str) -> bool:
    """A relative POSIX path that stays inside its directory: no root, no '..', no hidden parts."""
    pure = PurePosixPath(relative)
    return bool(relative) and not pure.is_absolute() and "\\" not in relative and all(
        part not in ("", ".", "..") and not part.startswith(".") for part in relative.split("/")
    )


def remove_stale(out_dir: Path, stale: list[str]) -> None:
    """Delete feeds an earlier export wrote that the plan no longer has, and emptied directories."""
    root = out_dir.resolve()
    for relative in sorted(stale):
        path = out_dir / relative
        if not inside(relative) or path.suffix != ".ics" or not path.resolve().is_relative_to(root):
            continue
        path.unlink(missing_ok=True)
        if path.parent != out_dir and path.parent.is_dir() and not any(path.parent.iterdir()):
            path.parent.rmdir()
