"""Shared cache (Flask-Caching: Redis in production) and the cross-worker sign-in limit."""

from pathways_monitor.web.caching.cache import (
    CACHE_URL_ENV,
    CacheSetup,
    DataVersion,
    cache_url_from_env,
    cached_query,
    data_version,
    init_cache,
    request_data_version,
)
from pathways_monitor.web.caching.install import install_cache

__all__ = [
    "CACHE_URL_ENV",
    "CacheSetup",
    "DataVersion",
    "cache_url_from_env",
    "cached_query",
    "data_version",
    "init_cache",
    "install_cache",
    "request_data_version",
]
