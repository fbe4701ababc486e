"""Hand a job to a worker: RQ on Redis when ``PATHWAYS_CACHE_URL`` is set, else a thread here.

With Redis, any number of web processes enqueue and any number of ``pathways worker``
processes, on any machine that reaches the database and Redis, take the jobs (the job row, in
the database, is what every web worker reads for progress). Without it, each web process runs
its jobs one at a time in one background thread: nothing to install or start, and the store's
writer lock keeps imports of several processes one after the other.
"""

from __future__ import annotations

import atexit
import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from sqlalchemy import Engine

from pathways_monitor.jobs.runner import run_job

log = logging.getLogger(__name__)
QUEUE_NAME = "pathways"
JOB_TIMEOUT = 60 * 60  # seconds an RQ worker lets one job run
_local: ThreadPoolExecutor | None = None
_local_lock = threading.Lock()


def _local_executor() -> ThreadPoolExecutor:
    global _local
    with _local_lock:
        if _local is None:
            _local = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pathways-job")
            atexit.register(_local.shutdown, wait=False, cancel_futures=True)
        return _local


def rq_queue(redis_url: str) -> Any:
    """The RQ queue on ``redis_url`` (shared by web processes and ``pathways worker``); rq is
    imported only when used."""
    from redis import Redis
    from rq import Queue

    return Queue(QUEUE_NAME, connection=Redis.from_url(redis_url))


def submit(
    engine: Engine, job_id: str, *, redis_url: str | None = None
) -> Future[str | None] | None:
    """Start ``job_id``: on RQ when ``redis_url`` is given and a worker listens (returns None;
    the worker uses its
    own ``DATABASE_URL``, which must name the same store as ``engine``), else in this
    process's job thread (returns its future, which tests may wait on)."""
    if redis_url and _workers_listening(redis_url):
        rq_queue(redis_url).enqueue(
            "pathways_monitor.jobs.runner.run_queued",
            job_id,
            job_id=f"pathways-{job_id}",
            job_timeout=JOB_TIMEOUT,
            result_ttl=3600,
            failure_ttl=7 * 24 * 3600,
        )
        return None
    return _local_executor().submit(run_job, engine, job_id)


def _workers_listening(redis_url: str) -> bool:
    """Whether a ``pathways worker`` listens on the queue; without one the job runs here (a
    deployment with a shared cache but no worker must not leave uploads waiting forever)."""
    from rq import Worker

    queue = rq_queue(redis_url)
    if Worker.count(queue=queue):
        return True
    log.warning("no pathways worker listens on Redis; running the job in this process")
    return False


def run_worker(redis_url: str, *, burst: bool = False) -> bool:
    """``pathways worker``: take jobs from the queue until stopped (``burst``: until empty)."""
    from rq import Worker

    queue = rq_queue(redis_url)
    worker = Worker([queue], connection=queue.connection)
    return bool(worker.work(burst=burst, with_scheduler=False))
