"""Component ids shared between layouts and callbacks: one place, no string typos."""

LANG_STORE = "lang-store"
LANG_SWITCH = "lang-switch"
URL = "url"
NAVBAR = "navbar"
