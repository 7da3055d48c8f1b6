"""Progress of a long export: an optional callback `progress(stage, percent)`.

Stages are the msgids below (stored as they are, translated when shown). The PDF's layout is
followed through WeasyPrint's own progress log ("Step 5 - Creating layout - Page N"), read
only from the thread doing the export, so concurrent exports do not see each other's pages.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.utils.translation import gettext_lazy as _

Progress = Callable[[str, int], None]

PREPARING = "preparing text"
LAYING_OUT = "laying out pages"
WRITING_PDF = "writing PDF"
WRITING_PARAGRAPHS = "writing paragraphs"
WRITING_FILE = "writing the file"
DONE = "done"

# For makemessages: the stages as shown to people.
STAGE_LABELS = {
    PREPARING: _("preparing text"),
    LAYING_OUT: _("laying out pages"),
    WRITING_PDF: _("writing PDF"),
    WRITING_PARAGRAPHS: _("writing paragraphs"),
    WRITING_FILE: _("writing the file"),
    DONE: _("done"),
}


def stage_label(stage: str) -> str:
    """The stage in the active language (unknown stages as they are)."""
    label = STAGE_LABELS.get(stage)
    return str(label) if label is not None else stage


_PROGRESS_LOGGER = logging.getLogger("weasyprint.progress")
_lock = threading.Lock()
_listening = 0
_saved: tuple[int, bool] = (logging.NOTSET, True)


class _PageHandler(logging.Handler):
    """Turns WeasyPrint's progress records from one thread into `on_step(step, page)`."""

    def __init__(self, thread: int, on_step: Callable[[int, int | None], None]):
        super().__init__(logging.INFO)
        self.thread = thread
        self.on_step = on_step

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread:
            return
        msg = record.msg if isinstance(record.msg, str) else ""
        if not msg.startswith("Step "):
            return
        try:
            step = int(msg[5])
        except (ValueError, IndexError):
            return
        page = record.args[0] if step == 5 and "Page" in msg and record.args else None
        try:
            self.on_step(step, page if isinstance(page, int) else None)
        except Exception:  # a progress report never breaks the export
            logging.getLogger(__name__).exception("export progress callback failed")


@contextmanager
def weasyprint_steps(on_step: Callable[[int, int | None], None]) -> Iterator[None]:
    """Call `on_step(step, page)` for WeasyPrint's steps run by this thread in the block.

    While anyone listens, the progress logger is set to INFO and does not propagate (its
    records would otherwise reach the root handlers); the previous settings come back after.
    """
    global _listening, _saved
    handler = _PageHandler(threading.get_ident(), on_step)
    with _lock:
        if _listening == 0:
            _saved = (_PROGRESS_LOGGER.level, _PROGRESS_LOGGER.propagate)
            _PROGRESS_LOGGER.setLevel(logging.INFO)
            _PROGRESS_LOGGER.propagate = False
        _listening += 1
        _PROGRESS_LOGGER.addHandler(handler)
    try:
        yield
    finally:
        with _lock:
            _PROGRESS_LOGGER.removeHandler(handler)
            _listening -= 1
            if _listening == 0:
                _PROGRESS_LOGGER.setLevel(_saved[0])
                _PROGRESS_LOGGER.propagate = _saved[1]
