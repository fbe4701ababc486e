"""Background jobs: imports and reports that run outside the web request (issue 13).

``records`` keeps the job rows (what was asked, progress, result), ``runner`` does the work of
one job, ``queue`` hands a job to a worker: a thread of this process by default, RQ workers on
Redis when ``PATHWAYS_CACHE_URL`` is set (``pathways worker`` on any machine).
"""
