"""Component ids of the app shell, shared by every page: one place, no string typos."""

LANG_STORE = "lang-store"  # the visitor's last choice, in local storage
LANG_SWITCH = "lang-switch"
LANG_NAVIGATION = "lang-navigation"  # writes ?lang= and makes the router draw the page again
NAVBAR = "navbar"
PAGE_LANG_TYPE = "page-lang"  # the language the current page was drawn in (common.language)


def page_lang(page: str) -> dict[str, str]:
    """The id of one page's language store: its own, so that a callback of one page never
    fires (with missing inputs) when another page is drawn; the shell matches them all."""
    return {"type": PAGE_LANG_TYPE, "page": page}
