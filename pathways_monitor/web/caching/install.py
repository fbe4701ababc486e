"""One call for ``create_app``: the shared cache plus the API answer cache on top of it."""

from __future__ import annotations

import logging

import flask

from pathways_monitor.core.settings import Settings
from pathways_monitor.web.caching.cache import CacheSetup, cache_url_from_env, init_cache
from pathways_monitor.web.caching.responses import register_response_cache

log = logging.getLogger(__name__)


def install_cache(
    server: flask.Flask,
    settings: Settings,
    cache_url: str | None = None,
    *,
    from_env: bool = True,
    api_blueprint: str | None = "api_v1",
) -> CacheSetup:
    """Configure the cache from ``PATHWAYS_CACHE_URL`` (or ``cache_url`` when ``from_env`` is
    False) and cache the read API's answers. Call after the API blueprint is registered."""
    url = cache_url_from_env() if from_env else cache_url
    setup = init_cache(server, settings.database_url, url)
    if api_blueprint is not None:
        register_response_cache(server, api_blueprint)
    if settings.mode == "production" and url is None:
        log.warning(
            "PATHWAYS_CACHE_URL is not set: each worker process caches for itself and counts "
            "sign-in attempts for itself; set it to a Redis URL when running several workers"
        )
    return setup
