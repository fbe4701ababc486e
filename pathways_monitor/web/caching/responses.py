"""Cache the read-only API's GET answers in the shared cache, keyed by the data version.

Hooked onto the ``api_v1`` blueprint *after* its access guard, so a cached answer is only ever
served to a request that may read. Only anonymous or session users' answers are cached (keyed by
the session's account id); requests with an ``Authorization`` header are always computed, so
no answer that might one day depend on a token's rights is shared.
"""

from __future__ import annotations

import flask

from pathways_monitor.web.caching.cache import (
    cache_get,
    cache_key,
    cache_set,
    current_setup,
    request_data_version,
)

CACHE_HEADER = "X-Pathways-Cache"
MAX_CACHED_BYTES = 2 * 1024 * 1024  # large exports are not worth Redis memory
KEPT_HEADERS = ("Content-Type", "Content-Disposition")
_HIT_G = "pathways_cache_hit"
_KEY_G = "pathways_cache_key"


def _cacheable_request() -> bool:
    request = flask.request
    return (
        request.method == "GET"
        and "Authorization" not in request.headers
        and current_setup() is not None
    )


def request_key() -> str:
    """Key of this request's answer: data version, viewer and normalised path and query."""
    request = flask.request
    viewer = flask.session.get("uid")
    query = sorted(request.args.items(multi=True))
    return cache_key("api", request_data_version(), request.path, [list(q) for q in query], viewer)


def serve_from_cache() -> flask.Response | None:
    """before_request (after the guard): answer from the cache when the same answer is there."""
    if not _cacheable_request():
        return None
    key = request_key()
    setattr(flask.g, _KEY_G, key)
    stored = cache_get(key)
    if stored is None:
        return None
    body, headers = stored
    setattr(flask.g, _HIT_G, True)
    response = flask.Response(body, status=200)
    for name, value in headers:
        response.headers[name] = value
    response.headers[CACHE_HEADER] = "hit"
    return response


def remember_response(response: flask.Response) -> flask.Response:
    """after_request: keep a computed 200 answer for the next request with the same key."""
    if flask.g.get(_HIT_G) or not _cacheable_request():
        return response
    key = flask.g.get(_KEY_G)
    if key is None or response.status_code != 200 or response.direct_passthrough:
        return response
    body = response.get_data()
    if len(body) <= MAX_CACHED_BYTES:
        headers = [(h, response.headers[h]) for h in KEPT_HEADERS if h in response.headers]
        cache_set(key, (body, headers))
    response.headers[CACHE_HEADER] = "miss"
    return response


def register_response_cache(server: flask.Flask, blueprint_name: str = "api_v1") -> None:
    """Add the hooks to an already registered blueprint, behind its own before_request guard."""
    if blueprint_name not in server.blueprints:
        raise RuntimeError(
            f"register the {blueprint_name!r} blueprint before its response cache: the cache "
            "must run after the blueprint's access check"
        )
    before = server.before_request_funcs.setdefault(blueprint_name, [])
    if serve_from_cache not in before:  # idempotent: never serve or store twice
        before.append(serve_from_cache)
        server.after_request_funcs.setdefault(blueprint_name, []).append(remember_response)
