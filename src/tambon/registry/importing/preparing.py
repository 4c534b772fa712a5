"""Preparing the chunks of a file (read, check, encrypt) beside the writing of the previous one.

Preparing is mostly Python (parsers, hashes, encryption) and so is writing on SQLite
(executemany binds every value), so two threads of one process take turns on one GIL. A
large file is therefore prepared in a process of its own (tambon.core.spawned), which reads
the file itself and sends each checked chunk back pickled (Polars frames travel as Arrow):
1 M rows on SQLite took 41-45 s instead of 60-61 s (docs/benchmarks.md). The checker goes
whole, with the geography, villages and target groups it loaded here: the process never
opens the database. A small file, or PostgreSQL (whose COPY leaves the writing to the
server), keeps the thread, which costs no start-up.
"""

from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tambon.core import crypto, spawned
from tambon.core.errors import DomainError
from tambon.registry.importing.reading import BLOCK_BYTES, Source, iter_chunks
from tambon.registry.importing.validate import Checked, Checker
from tambon.registry.importing.write import encrypted

# CSV bytes per chunk when prepared apart: both processes hold chunks, so they are half the
# usual size (a million rows on SQLite: 876-933 MB in both instead of 945-1,015 MB; on
# PostgreSQL, with one process, small chunks only slowed COPY down: 42-46 s against 40-41 s).
PROCESS_BLOCK_BYTES = 3 << 20
# What the preparing process needs of this one's settings: the keys that encrypt and index
# national IDs (tests and operators may set them other than the environment does).
_SETTINGS = (crypto.KEYS_SETTING, crypto.INDEX_KEY_SETTING, "DEBUG", "SECRET_KEY")
MSG_PROCESS_STOPPED = gettext_noop(
    "The process reading and checking the file stopped unexpectedly, often because the "
    "server ran out of memory: nothing was written. Try again later, or import the file "
    "in smaller parts."
)


@dataclass
class Job:
    """Everything needed to prepare a file's chunks, in this process or another."""

    source: Source
    columns: list[int]
    checker: Checker
    encrypt: bool
    block_bytes: int = BLOCK_BYTES
    # The caller's language for the error messages (None: untranslated, as in a command).
    language: str | None = field(default_factory=translation.get_language)
    _reader: Iterator[Any] | None = field(default=None, init=False, repr=False)

    def next_chunk(self) -> Checked | None:
        """The next chunk checked (and its national IDs encrypted), or None at the end."""
        if self._reader is None:
            self._reader = iter_chunks(
                self.source, columns=self.columns, block_bytes=self.block_bytes
            )
        with translation.override(self.language):
            chunk = next(self._reader, None)
            if chunk is None:
                return None
            checked = self.checker.check(chunk)
            if self.encrypt:
                checked.rows = checked.rows.with_columns(encrypted(checked.rows["national_id"]))
            return checked


def in_own_process(rows: int) -> bool:
    """Whether a file of about `rows` rows is prepared in a process of its own."""
    threshold = settings.TAMBON_IMPORT_PROCESS_MIN_ROWS
    return bool(threshold) and rows >= threshold


def prepared(job: Job, *, own_process: bool) -> Iterator[Checked]:
    """The prepared chunks in order, each prepared while the caller works on the previous."""
    pool: Executor
    if own_process:
        pool = spawned.pool(replace(job, block_bytes=PROCESS_BLOCK_BYTES), settings_names=_SETTINGS)
        step: Callable[[], Checked | None] = partial(spawned.call, "next_chunk")
    else:
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tambon-import")
        step = job.next_chunk
    try:
        upcoming = pool.submit(step)
        while (checked := upcoming.result()) is not None:
            upcoming = pool.submit(step)
            yield checked
    except BrokenProcessPool as exc:
        # A process killed (by the OS, say) could not tell why: say what it means here.
        raise DomainError(_(MSG_PROCESS_STOPPED)) from exc
    finally:
        # On an error in the caller, at most the chunk in hand is finished, then dropped.
        pool.shutdown(wait=True, cancel_futures=True)
