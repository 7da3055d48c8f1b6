"""The one table of `core`: which background workers are alive.

A worker writes its beat every few seconds (`core.worker`). A task marked running by a
worker whose beat has stopped was lost with that worker (killed, out of memory, machine
gone): another worker puts it back in the queue. Operational data, not a record of the
organization: not audited, and rows of workers long gone are deleted.
"""

from __future__ import annotations

from django.db import models


class WorkerBeat(models.Model):
    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255, blank=True, default="")
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.worker_id} on {self.host} (pid {self.pid}), last beat {self.beat_at}"
