"""Who may change what: the one home of roles, scopes and write rules (no database, no web).

Every write path asks here: uploads through the page, the CLI and the API (``scope_for``), the
in-place strategy edits (``strategy_countries``), the approval workflow (``may_submit``,
``may_approve``, ``may_reopen``) and who may see people's names (``may_see_people``).

Rules (issue 6): an administrator may change everything; a national editor one country (its
national data, its regions' data and its strategy); a regional coordinator one region (and the
NUTS regions inside it); a viewer and an anonymous visitor nothing. NUTS codes start with their
country's Eurostat code (``NL32`` in ``NL``, ``EL30`` in ``EL``), which is what the region checks
rely on. Approving a year needs a second person: a national editor may not approve what they
submitted themselves (administrators may).
"""

from __future__ import annotations

from dataclasses import dataclass

ROLE_ADMIN = "admin"
ROLE_NATIONAL_EDITOR = "national_editor"
ROLE_REGIONAL_COORDINATOR = "regional_coordinator"
ROLE_VIEWER = "viewer"
ROLES = (ROLE_ADMIN, ROLE_NATIONAL_EDITOR, ROLE_REGIONAL_COORDINATOR, ROLE_VIEWER)


@dataclass(frozen=True)
class Principal:
    """The signed-in account as permission checks see it: no ORM object, no password."""

    user_id: int
    email: str
    role: str
    country_code: str | None = None
    region_code: str | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == ROLE_ADMIN


@dataclass(frozen=True)
class UploadScope:
    """What the uploading user may change; None fields mean unrestricted."""

    countries: frozenset[str] | None = None
    regions: frozenset[str] | None = None

    @property
    def unrestricted(self) -> bool:
        return self.countries is None and self.regions is None


UNRESTRICTED = UploadScope()
NOTHING = UploadScope(countries=frozenset())  # no country: every row is outside


def can_write(user: Principal | None, country_code: str, region_code: str | None = None) -> bool:
    """Whether ``user`` may change data of ``country_code`` (or of its ``region_code``).

    ``region_code=None`` means the country as a whole (national figures, the strategy).
    """
    if user is None or user.role == ROLE_VIEWER:
        return False
    if user.role == ROLE_ADMIN:
        return True
    country = country_code.strip().upper()
    region = region_code.strip().upper() if region_code else None
    if region is not None and not region.startswith(country):
        return False  # a region of another country: never trust the pairing
    if user.role == ROLE_NATIONAL_EDITOR:
        return user.country_code is not None and country == user.country_code.upper()
    if user.role == ROLE_REGIONAL_COORDINATOR:
        own = user.region_code
        return own is not None and region is not None and region.startswith(own.upper())
    return False


def can_upload(user: Principal | None) -> bool:
    """Whether ``user`` may upload anything at all (shows or hides the upload page)."""
    return user is not None and user.role in (
        ROLE_ADMIN,
        ROLE_NATIONAL_EDITOR,
        ROLE_REGIONAL_COORDINATOR,
    )


def scope_for(user: Principal | None) -> UploadScope:
    """The import engine's scope for ``user``; viewers and anonymous visitors get ``NOTHING``."""
    if user is None:
        return NOTHING
    if user.role == ROLE_ADMIN:
        return UNRESTRICTED
    if user.role == ROLE_NATIONAL_EDITOR and user.country_code:
        return UploadScope(countries=frozenset({user.country_code.upper()}))
    if user.role == ROLE_REGIONAL_COORDINATOR and user.region_code:
        return UploadScope(regions=frozenset({user.region_code.upper()}))
    return NOTHING


def strategy_countries(user: Principal | None) -> frozenset[str] | None:
    """The countries whose strategy ``user`` may edit in place; None means every country.

    The strategy belongs to the country as a whole, so it is ``can_write(user, country)``:
    administrators any, a national editor their own, everyone else none.
    """
    if user is None:
        return frozenset()
    if user.role == ROLE_ADMIN:
        return None
    if user.role == ROLE_NATIONAL_EDITOR and user.country_code:
        return frozenset({user.country_code.upper()})
    return frozenset()


def may_see_people(user: Principal | None, country_code: str | None) -> bool:
    """Whether ``user`` may see who uploaded or changed a country's data.

    The same rule as the audit log: anonymous visitors see no names, administrators every name,
    other accounts the names on their own country's batches (a batch without a country, such as
    an all-countries Eurostat import, only to administrators).
    """
    if user is None:
        return False
    if user.is_admin:
        return True
    own = home_country(user)
    return own is not None and (country_code or "").upper() == own


def home_country(user: Principal | None) -> str | None:
    """A user's country: their own, or the one their region lies in (None: anonymous/admin)."""
    if user is None:
        return None
    if user.country_code:
        return user.country_code.upper()
    return user.region_code[:2].upper() if user.region_code else None


# --------------------------------------------------------------------------- approvals


def is_country_editor(user: Principal | None, country: str) -> bool:
    """An administrator, or the national editor of ``country`` (who may submit and reopen)."""
    if user is None:
        return False
    if user.role == ROLE_ADMIN:
        return True
    return user.role == ROLE_NATIONAL_EDITOR and (user.country_code or "").upper() == (
        country.strip().upper()
    )


def may_submit(user: Principal | None, country: str) -> bool:
    return is_country_editor(user, country)


def may_reopen(user: Principal | None, country: str) -> bool:
    return is_country_editor(user, country)


def may_approve_submission(user: Principal | None, country: str, submitted_by: str | None) -> bool:
    """Country editor, and not the person who submitted it (administrators excepted)."""
    if user is None or not is_country_editor(user, country):
        return False
    return user.role == ROLE_ADMIN or not same_person(user.email, submitted_by)


def same_person(a: str | None, b: str | None) -> bool:
    """E-mail addresses compared as people type them (case and spaces do not matter)."""
    return a is not None and b is not None and a.strip().lower() == b.strip().lower()
