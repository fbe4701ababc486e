"""`pathways users ...`: create accounts and issue or revoke API tokens (INTERFACES.md).

Exit status: 0 ok, 2 invalid request (bad role, missing or unknown place, empty password,
duplicate or unknown email), 1 unexpected failure (from ``cli.main``). Passwords are read from
standard input only (never from the command line, where ``ps`` and shell history would see them).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from sqlalchemy.orm import Session

EXIT_OK = 0
EXIT_INVALID = 2


def _engine():  # type: ignore[no-untyped-def]
    from pathways_monitor.core.settings import Settings
    from pathways_monitor.db.session import make_engine

    return make_engine(Settings.from_env().database_url)


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_INVALID


def _read_password() -> str:
    """The first line of standard input without its line ending (may be empty)."""
    line = sys.stdin.readline()
    return line.rstrip("\r\n")


def cmd_users_add(args: argparse.Namespace) -> int:
    from pathways_monitor.accounts.users import AccountError, create_user

    password = _read_password()
    with Session(_engine()) as session:
        try:
            user = create_user(
                session,
                args.email,
                args.role,
                password,
                country=args.country,
                region=args.region,
                actor=f"cli:{args.actor}",
            )
        except AccountError as err:
            return _fail(err.message)
        session.commit()
        place = user.region.code if user.region else user.country.code if user.country else "-"
        print(f"created {user.email} ({user.role}, {place})")
    return EXIT_OK


def cmd_users_token(args: argparse.Namespace) -> int:
    from pathways_monitor.accounts.users import create_token, get_user

    with Session(_engine()) as session:
        user = get_user(session, args.email)
        if user is None:
            return _fail(f"no account for {args.email}")
        token = create_token(session, user, actor=f"cli:{args.actor}")
        session.commit()
    print(token)
    return EXIT_OK


def cmd_users_revoke(args: argparse.Namespace) -> int:
    from pathways_monitor.accounts.users import get_user, revoke_tokens

    with Session(_engine()) as session:
        user = get_user(session, args.email)
        if user is None:
            return _fail(f"no account for {args.email}")
        count = revoke_tokens(session, user, actor=f"cli:{args.actor}")
        email = user.email
        session.commit()
    print(f"revoked {count} token(s) of {email}")
    return EXIT_OK


def register(subparsers: Any) -> None:
    """Add ``users add|token|revoke-tokens`` to the ``pathways`` parser's subcommands."""
    from pathways_monitor.core.access import ROLES

    users = subparsers.add_parser("users", help="accounts and API tokens")
    sub = users.add_subparsers(dest="users_command", required=True, metavar="SUBCOMMAND")

    add = sub.add_parser(
        "add",
        help="create an account (password read from standard input)",
        description=(
            "Create an account. national_editor needs --country, regional_coordinator needs "
            "--region. The password is the first line of standard input. "
            "Exit status: 0 created, 2 invalid."
        ),
    )
    add.add_argument("email")
    add.add_argument("--role", required=True, help=f"one of {', '.join(ROLES)}")
    add.add_argument("--country", help="Eurostat country code, e.g. NL (national_editor)")
    add.add_argument("--region", help="NUTS code, e.g. NL32 (regional_coordinator)")
    add.add_argument(
        "--password-stdin",
        action="store_true",
        required=True,
        help="read the password from standard input (required: never pass it as an argument)",
    )
    add.add_argument("--actor", default="admin", help="who is recorded in the audit log")
    add.set_defaults(func=cmd_users_add)

    token = sub.add_parser(
        "token",
        help="print a new API token for an account (shown once; stored only as a hash)",
    )
    token.add_argument("email")
    token.add_argument("--actor", default="admin", help="who is recorded in the audit log")
    token.set_defaults(func=cmd_users_token)

    revoke = sub.add_parser("revoke-tokens", help="revoke every API token of an account")
    revoke.add_argument("email")
    revoke.add_argument("--actor", default="admin", help="who is recorded in the audit log")
    revoke.set_defaults(func=cmd_users_revoke)
